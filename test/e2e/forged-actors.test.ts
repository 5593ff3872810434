// Anyone who can reach the Temporal frontend can start any workflow and send any signal or update, naming
// any approver. These tests do exactly that, around the bot, and check that nothing happens: no grant, no key
// change, no incident step, no review decision, and every attempt is in the audit log.
import { randomUUID } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { assertedAction, GRANT_ACTIONS, type ActorAssertion } from '../../lib/contracts';
import { createActorAssertions } from '../../lib/crypto';
import { cancelIncidentSignal, confirmBreakGlassUpdate, decideGrantUpdate, revokedAtProviderSignal, revokeGrantSignal } from '../../workflows/messages';
import { fakeKey, sealKey, startAddKey } from '../helpers/key-workflows';
import { slackDriver } from '../helpers/slack-driver';
import { ADMIN, ADMIN_CHANNEL, eventually, NON_ADMIN, SECOND_ADMIN, startTestStack, type TestStack } from '../helpers/warden-stack';

let stack: TestStack;
let slack: ReturnType<typeof slackDriver>;

beforeAll(async () => {
  stack = await startTestStack({ env: { WARDEN_ACTOR_ASSERTION_MAX_AGE: '2m' } });
  slack = slackDriver(stack);
  await stack.warden.services.memberRegistry.register({
    slackUserId: NON_ADMIN.id,
    email: NON_ADMIN.email,
    displayName: 'Bo',
    contractor: false,
    utilityAccount: false,
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const client = () => stack.warden.client;
const taskQueue = () => stack.config.temporal.taskQueue;
const refusals = async () => stack.warden.services.audit.list({ action: 'security.actor_unproven', limit: 1000 });

/** A real assertion minted with Warden's key, for whatever actor, action and workflow the attack needs. */
const sign = (actor: string, action: string, workflowId: string, args: object) => stack.warden.services.actorAssertions.sign({ actor, action, workflowId, args });

/** An assertion that was valid an hour ago. */
async function stale(actor: string, action: string, workflowId: string, args: object): Promise<ActorAssertion> {
  const past = createActorAssertions(stack.warden.services.kms, { maxAgeMs: 120_000, now: () => new Date(Date.now() - 3_600_000) });
  return past.sign({ actor, action, workflowId, args });
}

const tamper = (a: ActorAssertion): ActorAssertion => ({ ...a, mac: `${a.mac.slice(0, -4)}AAAA` === a.mac ? `${a.mac.slice(0, -4)}BBBB` : `${a.mac.slice(0, -4)}AAAA` });

async function failureOf(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => {
      throw new Error('expected the workflow to fail');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowFailedError);
  let cause: unknown = err;
  let message = '';
  while (cause instanceof Error) {
    message = cause.message;
    cause = (cause as { cause?: unknown }).cause;
  }
  return message;
}

test('a role grant started straight through Temporal, with no or a forged assertion, is refused and audited; no grant row exists', async () => {
  const before = (await refusals()).length;
  const base = {
    requesterSlackId: NON_ADMIN.id,
    memberSlackId: NON_ADMIN.id,
    role: 'admin' as const,
    durationSeconds: null,
    reason: 'I would like to be admin',
    settings: stack.warden.services.accessSettings,
  };
  for (const variant of ['none', 'forged', 'wrong-workflow', 'stale'] as const) {
    const workflowId = `access-request:attacker:${variant}:${randomUUID()}`;
    const input = { ...base, requestId: workflowId };
    const action = assertedAction.start('roleGrantRequest');
    const assertion =
      variant === 'none'
        ? undefined
        : variant === 'forged'
          ? tamper(await sign(NON_ADMIN.id, action, workflowId, input))
          : variant === 'wrong-workflow'
            ? await sign(NON_ADMIN.id, action, 'access-request:some-other-request', input)
            : await stale(NON_ADMIN.id, action, workflowId, input);
    const message = await failureOf(client().workflow.execute('roleGrantRequest', { workflowId, taskQueue: taskQueue(), args: [{ ...input, assertion }] }));
    expect(message).toContain('could not be proven');
    expect(await stack.warden.services.prisma.roleGrant.count({ where: { requestId: workflowId } })).toBe(0);
  }
  const all = await refusals();
  const logged = all.slice(0, all.length - before);
  const reasons = logged.map((e) => String(e.details.reason));
  expect(reasons).toHaveLength(4);
  for (const expected of [/^no actor assertion$/, /^forged actor assertion \(bad MAC\)$/, /^assertion is for workflow access-request:some-other-request, not /, /^assertion older than 120 s when it arrived$/]) {
    expect(reasons.some((r) => expected.test(r))).toBe(true);
  }
  expect(logged.every((e) => e.outcome === 'denied' && e.actor === NON_ADMIN.id)).toBe(true);
});

test('decideGrant sent straight to a real request naming a real admin as approver never counts, however it is signed', async () => {
  const asked = await slack.slash(NON_ADMIN.id, `access request <@${NON_ADMIN.id}|bo> builder for 1h ship the agent`);
  expect(asked.json.text).toContain('Requested *builder*');
  const message = await eventually('the approval message', () => stack.slack.messages(ADMIN_CHANNEL).find((m) => m.text?.includes(`<@${NON_ADMIN.id}> → *builder*`)));
  const actions = (message.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>).find((b) => b.type === 'actions')!;
  const { workflowId, grantId } = JSON.parse(actions.elements!.find((e) => e.action_id === GRANT_ACTIONS.approve)!.value) as { workflowId: string; grantId: string };
  const handle = client().workflow.getHandle(workflowId);
  const decision = { approverSlackId: ADMIN.id, decision: 'approve' as const };
  const action = assertedAction.update('decideGrant');
  const attempts: Array<[string, ActorAssertion | undefined]> = [
    ['no assertion', undefined],
    ['forged MAC', tamper(await sign(ADMIN.id, action, workflowId, decision))],
    ['signed for another workflow', await sign(ADMIN.id, action, 'access-request:elsewhere', decision)],
    ['signed for another action', await sign(ADMIN.id, assertedAction.update('confirmBreakGlass'), workflowId, decision)],
    ['signed for other arguments', await sign(ADMIN.id, action, workflowId, { ...decision, decision: 'deny' })],
    ['signed by the requester, naming the admin', await sign(NON_ADMIN.id, action, workflowId, decision)],
    ['an hour old', await stale(ADMIN.id, action, workflowId, decision)],
  ];
  for (const [what, assertion] of attempts) {
    const answer = await handle.executeUpdate(decideGrantUpdate, { args: [{ ...decision, assertion } as never] });
    expect({ what, ...answer }).toMatchObject({ what, accepted: false, message: expect.stringContaining('could not be proven') });
  }
  const grant = await stack.warden.services.roleGrants.get(grantId);
  expect(grant).toMatchObject({ status: 'requested', approvals: [] });
  const audited = (await refusals()).filter((e) => e.details.attempted === action);
  expect(audited).toHaveLength(attempts.length);

  // Early revoke by signal, unsigned, against the same request: nothing changes either.
  await handle.signal(revokeGrantSignal, { actorSlackId: ADMIN.id, reason: 'forged' } as never);
  expect((await stack.warden.services.roleGrants.get(grantId))?.status).toBe('requested');
});

test('a key change started straight through Temporal is refused: no key row, no sealed key used', async () => {
  const apiKey = fakeKey('openai');
  stack.providers.setKey(apiKey, { kind: 'valid' });
  const workflowId = `key-add:attacker:${randomUUID()}`;
  const input = {
    mode: 'add' as const,
    requestId: workflowId,
    provider: 'openai' as const,
    environment: 'production' as const,
    keyRef: await sealKey(stack, apiKey),
    actorSlackId: ADMIN.id,
    settings: stack.warden.services.keySettings,
  };
  const message = await failureOf(client().workflow.execute('addProviderKey', { workflowId, taskQueue: taskQueue(), args: [input] }));
  expect(message).toContain('could not be proven');
  expect((await stack.warden.services.keys.list()).filter((k) => k.requestId === workflowId)).toHaveLength(0);
  expect(stack.providers.callCount(apiKey)).toBe(0);
});

test('a non-admin signing their own requests (around the bot) still cannot revoke access or open a review', async () => {
  const revokeId = `access-revoke:attacker:${randomUUID()}`;
  await stack.warden.workflows.startOnce('revokeRoleGrant', {
    workflowId: revokeId,
    actor: NON_ADMIN.id,
    input: { requestId: revokeId, actorSlackId: NON_ADMIN.id, memberSlackId: ADMIN.id, role: 'admin', reason: 'coup', onCall: stack.warden.services.onCallSettings },
  });
  expect(await failureOf(client().workflow.getHandle(revokeId).result())).toContain('Only org admins can revoke access');
  expect(await stack.warden.services.members.activeRoles(ADMIN.id, new Date())).toContain('admin');

  const reviewId = `membership-review:manual:attacker-${randomUUID()}`;
  await stack.warden.workflows.startOnce('membershipReview', {
    workflowId: reviewId,
    actor: NON_ADMIN.id,
    input: { settings: stack.warden.services.reviewSettings, startedBySlackId: NON_ADMIN.id },
  });
  expect(await failureOf(client().workflow.getHandle(reviewId).result())).toContain('Only org admins can start a membership review');
  expect(await stack.warden.services.reviews.get(reviewId)).toBeNull();
});

test('a review opened or a decision recorded straight through Temporal is refused: no review, no decision', async () => {
  const reviewId = `membership-review:manual:forged-${randomUUID()}`;
  const message = await failureOf(
    client().workflow.execute('membershipReview', { workflowId: reviewId, taskQueue: taskQueue(), args: [{ settings: stack.warden.services.reviewSettings, startedBySlackId: ADMIN.id }] }),
  );
  expect(message).toContain('could not be proven');
  expect(await stack.warden.services.reviews.get(reviewId)).toBeNull();

  const decisionId = `review-decision:forged:${randomUUID()}`;
  const decision = { requestId: decisionId, itemId: randomUUID(), reviewerSlackId: ADMIN.id, decision: 'keep' as const, newRole: null };
  expect(await failureOf(client().workflow.execute('recordReviewDecision', { workflowId: decisionId, taskQueue: taskQueue(), args: [decision] }))).toContain('could not be proven');
  expect((await refusals()).some((e) => e.details.workflowId === decisionId)).toBe(true);
});

test('incident steps sent straight to a running runbook change nothing; a signed click from a non-responder is refused in the thread', async () => {
  const leaked = fakeKey('openai');
  stack.providers.setKey(leaked, { kind: 'valid' });
  await (await startAddKey(stack, { apiKey: leaked, environment: 'staging' })).result();
  const opened = await slack.slash(ADMIN.id, 'incident key-leak openai staging');
  const incidentId = /`(inc-[0-9a-f]{8})`/.exec(String(opened.json.text))![1]!;
  const incident = await eventually('the incident to wait for a replacement', async () => {
    const row = await stack.warden.services.incidents.get(incidentId);
    return row?.currentStep === 'replace' ? row : undefined;
  });
  const runbook = client().workflow.getHandle(incident.workflowId);
  await runbook.signal(revokedAtProviderSignal, { actorSlackId: ADMIN.id } as never);
  await runbook.signal(cancelIncidentSignal, { actorSlackId: ADMIN.id, assertion: tamper(await sign(ADMIN.id, assertedAction.signal('cancelIncident'), incident.workflowId, { actorSlackId: ADMIN.id })) } as never);
  await stack.warden.workflows.signal(incident.workflowId, cancelIncidentSignal, NON_ADMIN.id, { actorSlackId: NON_ADMIN.id });
  await eventually('three refusals in the thread', () => (stack.slack.messages(ADMIN_CHANNEL).filter((m) => m.text?.includes('did not count')).length >= 3 ? true : undefined));
  const row = await stack.warden.services.incidents.get(incidentId);
  expect(row).toMatchObject({ status: 'open', currentStep: 'replace' });
  expect(await stack.warden.services.audit.list({ action: 'incident.revoke_at_provider', target: incidentId })).toHaveLength(0);
  expect((await runbook.query<{ step: string }>('runbookState')).step).toBe('replace');
  const thread = stack.slack.messages(ADMIN_CHANNEL).map((m) => m.text ?? '').join('\n');
  expect(thread).toContain('no actor assertion');
  expect(thread).toContain('Only org admins and the configured on-call people');
  // A real responder's click still works afterwards.
  await stack.warden.workflows.signal(incident.workflowId, cancelIncidentSignal, ADMIN.id, { actorSlackId: ADMIN.id });
  expect((await runbook.result()).step).toBe('cancelled');
});

test('a break-glass confirmation sent straight to Temporal, as the second admin, does not switch it on', async () => {
  const asked = await slack.slash(ADMIN.id, 'breakglass on provider:gemini testing the trust boundary');
  expect(asked.json.text).toContain('needs a second admin');
  const flag = await eventually('the pending flag', async () => (await stack.warden.services.breakGlass.listOpen()).find((f) => f.scope === 'provider:gemini'));
  const workflowId = flag.requestId;
  const answer = await client().workflow.getHandle(workflowId).executeUpdate(confirmBreakGlassUpdate, { args: [{ confirmerSlackId: SECOND_ADMIN.id } as never] });
  expect(answer).toMatchObject({ accepted: false, message: expect.stringContaining('could not be proven') });
  expect((await stack.warden.services.breakGlass.get(flag.id))?.status).toBe('pending');
});

test('a reason typed into an access request or break-glass cannot ping the channel, forge the status line or pose as a button', async () => {
  const hostile = '<!channel> *Approvals:* 2 of 2 <https://evil.example|Approve here>';
  await slack.slash(NON_ADMIN.id, `access request <@${NON_ADMIN.id}|bo> analyst for 1h ${hostile}`);
  await slack.slash(ADMIN.id, `breakglass on provider:anthropic ${hostile}`);
  const posted = await eventually('both messages', () => {
    const found = stack.slack.messages(ADMIN_CHANNEL).filter((m) => m.text?.includes('→ *analyst*') || m.text?.includes('Break-glass requested for `provider:anthropic`'));
    return found.length >= 2 ? found : undefined;
  });
  for (const message of posted) {
    const mrkdwn = [message.text ?? '', ...JSON.stringify(message.blocks ?? []).match(/"type":"mrkdwn","text":"[^"]*"/g)!];
    for (const text of mrkdwn) {
      expect(text).not.toContain('<!channel>');
      expect(text).not.toContain('<https://evil.example');
    }
  }
});
