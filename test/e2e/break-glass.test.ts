import { BREAK_GLASS_CONFIRM_ACTION } from '../../lib/contracts';
import { cancelIncidentSignal, retryVerificationSignal } from '../../workflows/messages';
import type { FakeSlackMessage } from '../fakes/slack-web-api';
import { fakeKey, startAddKey } from '../helpers/key-workflows';
import { slackDriver } from '../helpers/slack-driver';
import { executeAsWarden } from '../helpers/system-workflows';
import { blockActionsBody, postSignedToSlackEndpoint } from '../helpers/slack-requests';
import { ADMIN, ADMIN_CHANNEL, eventually, NON_ADMIN, SECOND_ADMIN, startTestStack, type TestStack } from '../helpers/warden-stack';
import { serviceApiKey } from '../helpers/api-keys';

let stack: TestStack;
let slack: ReturnType<typeof slackDriver>;

beforeAll(async () => {
  stack = await startTestStack({
    env: {
      WARDEN_HOSTED_OPENAI_KEY: 'sk-hostedHOSTEDhostedHOSTEDhostedHOSTED01',
      WARDEN_HOSTED_GEMINI_KEY: 'AIzaHOSTEDkeyHOSTEDkeyHOSTEDkeyHOSTED12',
      WARDEN_BREAKGLASS_CONFIRM_WITHIN: '4s',
      WARDEN_BREAKGLASS_RECHECK_EVERY: '1s',
      WARDEN_REVIEW_DEADLINE: '2s',
      WARDEN_REVIEW_REMINDER_EVERY: '30s',
      WARDEN_REVIEW_GRACE: '1s',
    },
  });
  slack = slackDriver(stack);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const resolve = async (provider: string, environment = 'production') =>
  fetch(`${stack.apiUrl}/v1/keys/resolve?provider=${provider}&environment=${environment}`, {
    headers: { authorization: `Bearer ${await serviceApiKey(stack)}` },
  });

/** Runs `/warden breakglass on …` and answers the thread reply that carries the Confirm button. */
async function requestBreakGlass(userId: string, text: string): Promise<FakeSlackMessage> {
  const before = stack.slack.messages(ADMIN_CHANNEL).length;
  const res = await slack.slash(userId, `breakglass on ${text}`);
  expect(res.json.text).toContain('needs a second admin');
  return eventually('the confirmation message', () =>
    stack.slack.messages(ADMIN_CHANNEL).slice(before).find((m) => m.thread_ts && JSON.stringify(m.blocks).includes(BREAK_GLASS_CONFIRM_ACTION)),
  );
}

async function confirm(userId: string, message: FakeSlackMessage): Promise<string> {
  const button = (message.blocks as Array<{ type: string; elements?: Array<{ value: string }> }>).find((b) => b.type === 'actions')!.elements![0]!;
  const responseUrl = stack.slack.issueResponseUrl();
  const body = blockActionsBody({ userId, actionId: BREAK_GLASS_CONFIRM_ACTION, value: button.value, channelId: ADMIN_CHANNEL, messageTs: message.ts, responseUrl });
  expect((await postSignedToSlackEndpoint(stack.botUrl, body, { signingSecret: stack.env.SLACK_SIGNING_SECRET! })).status).toBe(200);
  const reply = await eventually('the answer to the click', () => stack.slack.responses().find((r) => r.url === responseUrl));
  return String((reply.body as { text?: string }).text);
}

test('break-glass on a provider needs a second admin, then blocks key resolution with 423 until it is lifted', async () => {
  expect((await resolve('openai')).status).toBe(200);
  expect((await slack.slash(NON_ADMIN.id, 'breakglass on provider:openai leaked key suspected')).json.text).toContain('Only org admins');

  const message = await requestBreakGlass(ADMIN.id, 'provider:openai leaked key suspected');
  expect(await confirm(ADMIN.id, message)).toContain('needs a second admin');
  expect(await confirm(NON_ADMIN.id, message)).toContain('Only org admins');
  expect((await resolve('openai')).status).toBe(200); // still pending: nothing stopped yet
  expect(await confirm(SECOND_ADMIN.id, message)).toContain('break-glass is on for provider:openai');

  const blocked = await eventually('key resolution to be refused', async () => {
    const res = await resolve('openai');
    return res.status === 423 ? res : undefined;
  });
  expect(await blocked.json()).toEqual({ error: 'warden_break_glass_active', message: expect.stringContaining('Break-glass is on for provider:openai (leaked key suspected)') });
  expect((await resolve('openai', 'staging')).status).toBe(423);
  expect((await resolve('gemini')).status).toBe(200); // other providers keep working
  await eventually('the thread message to say ON', () => stack.slack.messages(ADMIN_CHANNEL).find((m) => m.ts === message.ts && m.text?.includes('Break-glass is ON')));

  const status = await slack.slash(NON_ADMIN.id, 'status');
  expect(status.json.text).toContain('`provider:openai`');
  expect(status.json.text).toContain(`<@${ADMIN.id}> + <@${SECOND_ADMIN.id}>`);

  expect((await slack.slash(ADMIN.id, 'breakglass off provider:openai all clear')).json.text).toContain('Lifting break-glass');
  await eventually('key resolution to work again', async () => ((await resolve('openai')).status === 200 ? true : undefined));
  expect((await slack.slash(ADMIN.id, 'status')).json.text).toContain('Break-glass:* off');

  // Nothing was deleted: the flag stays as history, and the audit chain is whole.
  const actions = (await stack.warden.services.audit.list({ target: 'provider:openai' })).map((e) => `${e.action}:${e.outcome}`);
  expect(actions).toEqual(
    expect.arrayContaining(['breakglass.requested:succeeded', 'breakglass.confirm:denied', 'breakglass.activated:succeeded', 'breakglass.lifted:succeeded']),
  );
  const refusals = (await stack.warden.services.audit.list({ action: 'key.resolve', target: 'openai/production' })).filter((e) => e.details.error === 'warden_break_glass_active');
  expect(refusals.length).toBeGreaterThanOrEqual(1);
  expect(await stack.warden.services.audit.verify()).toMatchObject({ ok: true });
  expect(await stack.warden.services.breakGlass.isBlocked('key:openai/production')).toBeNull();
});

test('ingestion and access-grant scopes: isBlocked answers for future ingestion, and access requests are refused', async () => {
  await confirm(SECOND_ADMIN.id, await requestBreakGlass(ADMIN.id, 'ingestion poisoned documents found'));
  await eventually('ingestion to be blocked', async () => (await stack.warden.services.breakGlass.isBlocked('ingestion')) ?? undefined);
  expect(await stack.warden.services.breakGlass.isBlocked('access-grants')).toBeNull();
  expect((await resolve('openai')).status).toBe(200);

  // A request already waiting when access grants are stopped cannot be approved either.
  expect((await slack.slash(ADMIN.id, `access request <@${ADMIN.id}|ana> analyst usage numbers`)).json.text).toContain('Requested');
  const pending = await eventually('the pending request', () => stack.slack.messages(ADMIN_CHANNEL).find((m) => !m.thread_ts && m.text?.includes(`<@${ADMIN.id}> → *analyst*`)));
  await confirm(ADMIN.id, await requestBreakGlass(SECOND_ADMIN.id, 'access-grants audit in progress'));
  await eventually('grants to be blocked', async () => (await stack.warden.services.breakGlass.isBlocked('access-grants')) ?? undefined);
  const refused = await slack.slash(ADMIN.id, `access request <@${SECOND_ADMIN.id}|ben> builder need it`);
  expect(refused.json.text).toContain('Break-glass is on for `access-grants`');
  const approve = (pending.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>).find((b) => b.type === 'actions')!.elements![0]!;
  const responseUrl = stack.slack.issueResponseUrl();
  await postSignedToSlackEndpoint(
    stack.botUrl,
    blockActionsBody({ userId: SECOND_ADMIN.id, actionId: approve.action_id, value: approve.value, channelId: ADMIN_CHANNEL, messageTs: pending.ts, responseUrl }),
    { signingSecret: stack.env.SLACK_SIGNING_SECRET! },
  );
  const answer = await eventually('the refusal', () => stack.slack.responses().find((r) => r.url === responseUrl));
  expect(String((answer.body as { text?: string }).text)).toContain('nothing can be approved until an admin lifts it');
  expect(await stack.warden.services.members.activeRoles(ADMIN.id, new Date())).not.toContain('analyst');

  await slack.slash(ADMIN.id, 'breakglass off ingestion');
  await slack.slash(ADMIN.id, 'breakglass off access-grants');
  await eventually('both lifted', async () => ((await stack.warden.services.breakGlass.listOpen()).length === 0 ? true : undefined));
  expect(await stack.warden.services.breakGlass.isBlocked('ingestion')).toBeNull();
});

test('an unconfirmed break-glass lapses and changes nothing', async () => {
  const message = await requestBreakGlass(ADMIN.id, 'all just in case');
  await eventually('the request to lapse', () => stack.slack.messages(ADMIN_CHANNEL).find((m) => m.ts === message.ts && m.text?.includes('no second admin confirmed')), 15_000);
  expect(await stack.warden.services.breakGlass.isBlocked('ingestion')).toBeNull();
  expect(await confirm(SECOND_ADMIN.id, message)).toContain('already cancelled');
});

test('bad break-glass commands get a usage message', async () => {
  expect((await slack.slash(ADMIN.id, 'breakglass on provider:mistral because')).json.text).toContain('is not a break-glass scope');
  expect((await slack.slash(ADMIN.id, 'breakglass on ingestion')).json.text).toContain('say why');
  expect((await slack.slash(ADMIN.id, 'breakglass off ingestion')).json.text).toContain('nothing to lift');
});

/** Switches break-glass on for `scope` with two admins, and waits until automation sees it. */
async function breakGlassOn(scope: string, reason: string): Promise<void> {
  expect(await confirm(SECOND_ADMIN.id, await requestBreakGlass(ADMIN.id, `${scope} ${reason}`))).toContain(`break-glass is on for ${scope}`);
  await eventually(`${scope} to be stopped`, async () => (await stack.warden.services.breakGlass.isBlocked(scope)) ?? undefined);
}

async function breakGlassOff(scope: string): Promise<void> {
  await slack.slash(ADMIN.id, `breakglass off ${scope} done`);
  await eventually(`${scope} to run again`, async () => ((await stack.warden.services.breakGlass.isBlocked(scope)) === null ? true : undefined));
}

test('a frozen key slot refuses key adds and rotations, and the health sweep leaves its key alone', async () => {
  const existing = fakeKey('gemini');
  stack.providers.setKey(existing, { kind: 'valid' });
  await (await startAddKey(stack, { apiKey: existing, provider: 'gemini', environment: 'production' })).result();
  const active = (await stack.warden.services.keys.findActive('gemini', 'production'))!;
  await breakGlassOn('key:gemini/production', 'rotating credentials by hand');

  const next = fakeKey('gemini');
  stack.providers.setKey(next, { kind: 'valid' });
  const refused = await (await startAddKey(stack, { apiKey: next, provider: 'gemini', environment: 'production', mode: 'rotate' })).result().then(
    () => undefined,
    (e: Error & { cause?: Error & { cause?: Error } }) => e,
  );
  expect(refused?.cause?.cause?.message).toContain('Break-glass is on for `key:gemini/production`');
  expect(stack.providers.callCount(next)).toBe(0);
  expect((await stack.warden.services.keys.findActive('gemini', 'production'))?.id).toBe(active.id);
  await eventually('the admin to be told why', () => stack.slack.messages().find((m) => m.channel === `D${ADMIN.id}` && m.text?.includes('adding or rotating Google Gemini production keys is stopped')));

  const before = stack.providers.callCount(existing);
  const summary = await executeAsWarden<{ frozen: number }>(stack, 'keyHealthSweep', `bg-sweep-${Date.now()}`, { settings: stack.warden.services.onCallSettings });
  expect(summary.frozen).toBe(1);
  expect(stack.providers.callCount(existing)).toBe(before);
  await breakGlassOff('key:gemini/production');
});

test("the runbook's test chat waits while break-glass covers the slot, and runs once it is lifted", async () => {
  const leaked = fakeKey('anthropic');
  stack.providers.setKey(leaked, { kind: 'valid' });
  await (await startAddKey(stack, { apiKey: leaked, provider: 'anthropic', environment: 'staging' })).result();
  const opened = await slack.slash(ADMIN.id, 'incident key-leak anthropic staging');
  const incidentId = /`(inc-[0-9a-f]{8})`/.exec(String(opened.json.text))![1]!;
  const replacement = fakeKey('anthropic');
  stack.providers.setKey(replacement, { kind: 'chat_quota_exhausted' });
  await (await startAddKey(stack, { apiKey: replacement, provider: 'anthropic', environment: 'staging' })).result();
  await eventually('the failed test chat', () => stack.slack.messages(ADMIN_CHANNEL).find((m) => m.text?.includes('*4. Verify*') && m.text.includes('failed')));

  await breakGlassOn('provider:anthropic', 'provider account under review');
  stack.providers.setKey(replacement, { kind: 'valid' });
  const incident = (await stack.warden.services.incidents.get(incidentId))!;
  await stack.warden.workflows.signal(incident.workflowId, retryVerificationSignal, ADMIN.id, { actorSlackId: ADMIN.id });
  await eventually('the note that the test chat waits', () => stack.slack.messages(ADMIN_CHANNEL).find((m) => m.text?.includes('the test chat with the new key waits')));
  const calls = stack.providers.callCount(replacement);
  await new Promise((r) => setTimeout(r, 2_500));
  expect(stack.providers.callCount(replacement)).toBe(calls);

  await breakGlassOff('provider:anthropic');
  await eventually('the test chat after the lift', () => stack.slack.messages(ADMIN_CHANNEL).find((m) => m.text?.includes('*4. Verify*') && m.text.includes('succeeded')), 20_000);
  await stack.warden.workflows.signal(incident.workflowId, cancelIncidentSignal, ADMIN.id, { actorSlackId: ADMIN.id });
});

test("a membership review's revocations wait while break-glass covers access grants, and happen once it is lifted", async () => {
  const db = stack.warden.services.prisma;
  const contractor = await db.member.create({ data: { slackUserId: 'U0BGCONTR01', email: 'bg.contractor@example.com', displayName: 'C', contractor: true, lastActiveAt: new Date() } });
  const grant = await db.roleGrant.create({ data: { memberId: contractor.id, role: 'builder', status: 'approved', grantedBySlackId: 'seed', reason: 'seed', requestId: 'seed-bg-contractor' } });
  await breakGlassOn('access-grants', 'investigating a compromised account');

  const started = await slack.slash(ADMIN.id, 'access review start');
  const reviewId = /`([^`]+)`/.exec(String(started.json.text))![1]!;
  await eventually('the review to wait for the lift', () => stack.slack.messages(ADMIN_CHANNEL).find((m) => m.text?.includes(`Review \`${reviewId}\` is ready to close, but break-glass is on`)), 30_000);
  await new Promise((r) => setTimeout(r, 2_000));
  expect((await db.roleGrant.findUnique({ where: { id: grant.id } }))?.status).toBe('approved');

  await breakGlassOff('access-grants');
  const result = await stack.warden.client.workflow.getHandle(reviewId).result();
  expect(result.tally.revokedMissed).toBeGreaterThanOrEqual(1);
  expect((await db.roleGrant.findUnique({ where: { id: grant.id } }))?.status).toBe('revoked');
}, 60_000);
