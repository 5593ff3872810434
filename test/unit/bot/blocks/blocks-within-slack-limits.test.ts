import { WebClient } from '@slack/web-api';
import { keyList, type KeyListRow } from '../../../../bot/blocks/key-list';
import { keyModal } from '../../../../bot/blocks/key-modal';
import { revokeConfirmation } from '../../../../bot/blocks/revoke-confirmation';
import type { KeyProgress } from '../../../../lib/contracts';
import { keyProgressMessage, keyThreadParent } from '../../../../lib/slack/blocks/key-progress';
import { fakeSlackClientOptions } from '../../../fakes/slack/fake-slack-client-options';
import { startFakeSlack, type FakeSlack } from '../../../fakes/slack-web-api';

// The fake rejects what Slack rejects (block counts, text lengths, titles), so these are real checks.
let slack: FakeSlack;
let client: WebClient;
beforeAll(async () => {
  slack = await startFakeSlack({ botToken: 'xoxb-blocks' });
  client = new WebClient('xoxb-blocks', fakeSlackClientOptions(slack.apiUrl));
});
afterAll(() => slack.close());

const row = (i: number): KeyListRow => ({
  provider: 'openai',
  environment: i % 2 ? 'production' : 'staging',
  status: i === 0 ? 'active' : 'revoked',
  maskedKey: `sk-proj-…${String(1000 + i)}`,
  fingerprint: `fp_${String(i).padStart(12, '0')}`,
  createdAt: new Date(Date.now() - i * 86_400_000),
  lastCheckedAt: i % 3 ? new Date() : null,
  lastCheckOutcome: i % 3 ? 'valid' : null,
  addedBySlackId: 'U0ADMIN0001',
  ownerTeam: 'Platform',
});

test('a key list of 200 keys still fits one message, and says how many are not shown', async () => {
  const list = keyList(Array.from({ length: 200 }, (_, i) => row(i)), new Date());
  await expect(client.chat.postMessage({ channel: 'C0LIST', ...list } as never)).resolves.toMatchObject({ ok: true });
  expect(JSON.stringify(list.blocks)).toContain('155 older revoked or failed keys not shown');
});

test('the add and rotate modals open', async () => {
  for (const meta of [{ mode: 'add' as const, channelId: 'C1' }, { mode: 'rotate' as const, channelId: 'C1', provider: 'gemini' as const, environment: 'staging' as const }]) {
    await expect(client.views.open({ trigger_id: slack.issueTriggerId(), view: keyModal(meta) as never })).resolves.toMatchObject({ ok: true });
  }
});

test('progress messages with long failure details stay within section limits', async () => {
  const progress: KeyProgress = {
    operation: 'add',
    provider: 'anthropic',
    environment: 'production',
    actorSlackId: 'U0ADMIN0001',
    maskedKey: 'sk-ant-…abcd',
    fingerprint: 'fp_0123456789ab',
    steps: [{ label: 'Health check (list models)', state: 'failed', detail: 'x'.repeat(5000), at: new Date().toISOString() }],
    outcome: 'failed',
    summary: 'y'.repeat(4000),
    runUrl: 'http://localhost:8233/namespaces/default/workflows/key-add%3AT%3AV',
  };
  const parent = await client.chat.postMessage({ channel: 'C0ADMIN', ...keyThreadParent(progress) } as never);
  await expect(client.chat.postMessage({ channel: 'C0ADMIN', thread_ts: parent.ts, ...keyProgressMessage(progress) } as never)).resolves.toMatchObject({ ok: true });
});

test('the revoke confirmation posts with its two buttons', async () => {
  const message = revokeConfirmation({ keyId: 'key-1', provider: 'openai', environment: 'production', maskedKey: 'sk-…abcd', fingerprint: 'fp_1' });
  await expect(client.chat.postEphemeral({ channel: 'C0OPS', user: 'U0ADMIN0001', ...message } as never)).resolves.toMatchObject({ ok: true });
});
