import { WebClient } from '@slack/web-api';
import { incidentList } from '../../../bot/blocks/incident-list';
import type { TimelineEntry } from '../../../lib/contracts';
import { keyAlertMessage } from '../../../lib/slack/blocks/health-alert';
import { runbookMessage } from '../../../lib/slack/blocks/runbook';
import { fakeSlackClientOptions } from '../../fakes/slack/fake-slack-client-options';
import { startFakeSlack, type FakeSlack } from '../../fakes/slack-web-api';

// The fake rejects what Slack rejects (block counts, text lengths), so these are real checks.
let slack: FakeSlack;
let client: WebClient;
beforeAll(async () => {
  slack = await startFakeSlack({ botToken: 'xoxb-blocks' });
  client = new WebClient('xoxb-blocks', fakeSlackClientOptions(slack.apiUrl));
});
afterAll(() => slack.close());

test('a long incident timeline still posts; the thread text keeps all of it', async () => {
  const timeline: TimelineEntry[] = Array.from({ length: 80 }, (_, i) => ({
    step: i % 2 ? 'verify_failed' : 'replace',
    actor: 'U0ADMIN0001',
    at: new Date(Date.UTC(2026, 10, 23, 10, i)).toISOString(),
    detail: `gpt-4o-mini, 120 ms: OpenAI says the quota of this key is exhausted (attempt ${i})`,
  }));
  const message = runbookMessage({ kind: 'all_clear', incidentId: 'inc-0a1b2c3d', timeline });
  await expect(client.chat.postMessage({ channel: 'C0INC', ...message } as never)).resolves.toMatchObject({ ok: true });
  expect(message.text).toContain('attempt 79');
});

test('the health alert and a long open-incident list post', async () => {
  const alert = keyAlertMessage({ keyId: 'k1', provider: 'gemini', environment: 'production', maskedKey: 'AIza…abcd', fingerprint: 'fp_1', verdict: 'quota_exhausted', detail: 'Gemini says the daily quota is exhausted.' });
  await expect(client.chat.postMessage({ channel: 'C0ONCALL', ...alert } as never)).resolves.toMatchObject({ ok: true });
  const rows = Array.from({ length: 60 }, (_, i) => ({
    id: `inc-${String(i).padStart(8, '0')}`,
    provider: 'openai' as const,
    environment: 'production' as const,
    currentStep: 'replace',
    openedBySlackId: 'U0ONCALL001',
    openedAt: new Date(),
    threadChannel: 'C0INC',
  }));
  const list = incidentList(rows);
  await expect(client.chat.postMessage({ channel: 'C0OPS', ...list } as never)).resolves.toMatchObject({ ok: true });
  expect(JSON.stringify(list.blocks)).toContain('20 older incidents not shown');
});
