import { keyList } from '../../../../bot/blocks/key-list';
import { statusReply } from '../../../../bot/blocks/status';
import { escapeMrkdwn } from '../../../../lib/contracts';
import { breakGlassParent } from '../../../../lib/slack/blocks/break-glass';
import { grantRequestMessage } from '../../../../lib/slack/blocks/grant-request';
import { keyAlertMessage } from '../../../../lib/slack/blocks/health-alert';
import { reviewerMessages } from '../../../../lib/slack/blocks/review';
import { runbookMessage } from '../../../../lib/slack/blocks/runbook';

// What an attacker types as a reason, a team name or a provider error: a channel ping, a forged status line
// and a link that poses as an approval button.
const HOSTILE = '<!channel> *Approvals:* 2 of 2 <https://evil.example|Approve here>';

/** Every string Slack would read as mrkdwn: the notification text and each mrkdwn text object. */
function mrkdwnTexts(message: { text: string; blocks: unknown[] }): string[] {
  const found = [message.text];
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o.type === 'mrkdwn' && typeof o.text === 'string') found.push(o.text);
    for (const v of Object.values(o)) walk(v);
  };
  walk(message.blocks);
  return found;
}

function expectNoInjection(message: { text: string; blocks: unknown[] }) {
  for (const text of mrkdwnTexts(message)) {
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<https://evil.example');
  }
}

test('escapeMrkdwn turns the three characters Slack reads as markup into entities', () => {
  expect(escapeMrkdwn('a & <b> <!here>')).toBe('a &amp; &lt;b&gt; &lt;!here&gt;');
});

test('an access reason cannot ping the channel or forge the approval status: it is shown as plain text', () => {
  const message = grantRequestMessage({
    workflowId: 'wf',
    grantId: 'g',
    role: 'admin',
    memberSlackId: 'U0BO000001',
    requesterSlackId: 'U0BO000001',
    reason: HOSTILE,
    durationSeconds: null,
    state: 'pending',
    requiredApprovals: 2,
    approvals: [],
    escalated: false,
  });
  expectNoInjection(message);
  const plain = JSON.stringify(message.blocks);
  expect(plain).toContain('"type":"plain_text","text":"Reason: <!channel> *Approvals:* 2 of 2');
  // The real status line still says what is true.
  expect(plain).toContain('*Approvals:* 0 of 2');
});

test('break-glass reasons, team names, provider error text and emails are escaped wherever they are shown', () => {
  const base = { provider: 'openai' as const, environment: 'production' as const, maskedKey: 'sk-…abcd', fingerprint: 'fpk_1' };
  expectNoInjection(breakGlassParent({ workflowId: 'w', flagId: 'f', scope: 'all', reason: HOSTILE, requestedBySlackId: 'U1', state: 'pending' }));
  expectNoInjection(keyAlertMessage({ ...base, keyId: 'k', verdict: 'invalid_or_revoked', detail: HOSTILE }));
  expectNoInjection(
    runbookMessage({ kind: 'impact', provider: 'openai', rows: [{ environment: 'production', status: 'active', maskedKey: 'sk-…abcd', fingerprint: 'fpk_1', ownerTeam: HOSTILE }], ownerTeams: [HOSTILE], findings: [] }),
  );
  expectNoInjection(runbookMessage({ kind: 'verify_result', incidentId: 'inc-1', ok: false, detail: HOSTILE, model: 'm', latencyMs: 1, maskedKey: 'sk-…abcd' }));
  expectNoInjection(runbookMessage({ kind: 'all_clear', incidentId: 'inc-1', timeline: [{ step: 'impact', actor: 'warden', at: new Date().toISOString(), detail: `teams: ${HOSTILE}` }] }));
  expectNoInjection(
    keyList([{ ...base, status: 'active', createdAt: new Date(), lastCheckedAt: null, lastCheckOutcome: null, addedBySlackId: 'U1', ownerTeam: HOSTILE }], new Date()),
  );
  const flag = { id: 'f', scope: 'all', status: 'active', reason: HOSTILE, requestedBySlackId: 'U1', confirmedBySlackId: 'U2', requestId: 'r', requestedAt: new Date(), activatedAt: new Date(), endedAt: null, endedBySlackId: null };
  expectNoInjection(statusReply([flag as never], ['admin']));
  const item = { id: 'i', reviewId: 'r', grantId: 'g', memberSlackId: 'U1', memberEmail: `${HOSTILE}@example.com`, role: 'builder', contractor: false, inactive: false, reviewerSlackId: 'U2', priority: 0, decision: null, newRole: null, decidedBySlackId: null, decidedAt: null, outcome: null };
  for (const m of reviewerMessages({ reviewId: 'r', deadline: new Date(), items: [item as never] })) expectNoInjection(m);
});
