import { WorkflowFailedError } from '@temporalio/client';
import { ERROR_CODES } from '../../lib/contracts';
import { fakeKey, startAddKey } from '../helpers/key-workflows';
import { ADMIN_CHANNEL, eventually, NON_ADMIN, startTestStack, type TestStack } from '../helpers/warden-stack';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ parts: { worker: true, bot: false, api: false } });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const keysRepo = () => stack.warden.services.keys;

test('a valid key is health-checked, activated, and the thread shows each step', async () => {
  const apiKey = fakeKey('openai');
  stack.providers.setKey(apiKey, { kind: 'valid' });
  const handle = await startAddKey(stack, { apiKey, environment: 'staging' });
  const result = await handle.result();

  const active = await keysRepo().findActive('openai', 'staging');
  expect(active).toMatchObject({ id: result.keyId, status: 'active', maskedKey: result.maskedKey, ownerTeam: 'Platform' });
  expect(active?.lastCheckOutcome).toBe('valid');
  expect(result.maskedKey).toMatch(/^sk-proj-…[A-Za-z0-9]{4}$/);
  expect(result.replacedKeyId).toBeNull();

  const thread = stack.slack.messages(ADMIN_CHANNEL).filter((m) => m.text?.includes('OpenAI staging'));
  const parent = thread.find((m) => !m.thread_ts);
  const progress = thread.find((m) => m.thread_ts === parent?.ts);
  expect(parent?.text).toContain('requested by');
  expect(progress?.text).toContain('Done');
  expect(progress?.updates).toBeGreaterThan(0);
  expect(JSON.stringify(progress?.blocks)).toContain('Health check (list models)');

  const events = await stack.warden.services.audit.list({ target: result.keyId });
  expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['key.add.requested', 'key.activated']));
});

test('an invalid key fails at once: one provider call, key marked failed, the admin is told why', async () => {
  const apiKey = fakeKey('anthropic');
  stack.providers.setKey(apiKey, { kind: 'invalid' });
  const handle = await startAddKey(stack, { apiKey, provider: 'anthropic' });
  const failure = await handle.result().catch((e) => e);

  expect(failure).toBeInstanceOf(WorkflowFailedError);
  expect(failure.cause?.cause?.type).toBe(ERROR_CODES.keyInvalid);
  expect(failure.cause?.cause?.message).toMatch(/Anthropic rejected the key/);
  expect(stack.providers.callCount(apiKey)).toBe(1);
  expect(await keysRepo().findActive('anthropic', 'production')).toBeNull();
  const rows = (await keysRepo().list()).filter((k) => k.provider === 'anthropic');
  expect(rows[0]).toMatchObject({ status: 'failed' });
  expect(rows[0]?.failureReason).toMatch(/rejected the key/);

  const dm = stack.slack.callsTo('chat.postMessage').find((c) => String(c.args.channel).startsWith('D') && String(c.args.text).includes('Anthropic'));
  expect(String(dm?.args.text)).toContain('was not activated');
});

test('a provider outage is retried with backoff until the provider recovers', async () => {
  const apiKey = fakeKey('gemini');
  stack.providers.setKey(apiKey, { kind: 'outage_then_valid', failures: 3 });
  const result = await (await startAddKey(stack, { apiKey, provider: 'gemini' })).result();

  expect(stack.providers.callCount(apiKey)).toBe(4);
  expect(await keysRepo().findActive('gemini', 'production')).toMatchObject({ id: result.keyId, status: 'active' });
});

test('an exhausted quota is not retried and says so', async () => {
  const apiKey = fakeKey('openai');
  stack.providers.setKey(apiKey, { kind: 'quota_exhausted' });
  const failure = await (await startAddKey(stack, { apiKey, environment: 'production' })).result().catch((e) => e);
  expect(failure.cause?.cause?.type).toBe(ERROR_CODES.keyQuotaExhausted);
  expect(stack.providers.callCount(apiKey)).toBe(1);
});

test('the same request id starts one workflow, however often it is submitted', async () => {
  const apiKey = fakeKey('openai');
  stack.providers.setKey(apiKey, { kind: 'slow', delayMs: 500 });
  const workflowId = 'key-add:T0WARDEN01:V0DUPLICATE1';
  const first = await startAddKey(stack, { apiKey, environment: 'staging', workflowId });
  expect(first.started).toBe(true);
  expect((await startAddKey(stack, { apiKey, environment: 'staging', workflowId })).started).toBe(false);
  await first.result();
  // Even after it finished, a late Slack retry cannot start it again.
  expect((await startAddKey(stack, { apiKey, environment: 'staging', workflowId })).started).toBe(false);
  const rows = (await keysRepo().list()).filter((k) => k.requestId === workflowId);
  expect(rows).toHaveLength(1);
});

test('rotation keeps the old key retiring for the grace period, then a durable timer revokes it', async () => {
  const oldKey = fakeKey('openai');
  const newKey = fakeKey('openai');
  stack.providers.setKey(oldKey, { kind: 'valid' });
  stack.providers.setKey(newKey, { kind: 'valid' });
  const first = await (await startAddKey(stack, { apiKey: oldKey, environment: 'production' })).result();
  const second = await (await startAddKey(stack, { apiKey: newKey, environment: 'production', mode: 'rotate' })).result();

  expect(second.replacedKeyId).toBe(first.keyId);
  const retiring = await keysRepo().get(first.keyId);
  expect(retiring?.status).toBe('retiring');
  expect(retiring!.revokeAfter!.getTime() - retiring!.retiringAt!.getTime()).toBe(3_000);

  await stack.warden.client.workflow.getHandle(`key-retire:${first.keyId}`).result();
  expect((await keysRepo().get(first.keyId))?.status).toBe('revoked');
  expect((await keysRepo().findActive('openai', 'production'))?.id).toBe(second.keyId);
  await eventually('the revocation note in the thread', () =>
    stack.slack.messages(ADMIN_CHANNEL).find((m) => m.text?.includes('Grace period over') && m.text.includes(first.maskedKey)),
  );
});

test('the activity refuses a non-admin even if the bot was bypassed, and audits it', async () => {
  const apiKey = fakeKey('openai');
  stack.providers.setKey(apiKey, { kind: 'valid' });
  const handle = await startAddKey(stack, { apiKey, actor: NON_ADMIN.id });
  const failure = await handle.result().catch((e) => e);
  expect(failure.cause?.cause?.type).toBe(ERROR_CODES.roleNotHeld);
  expect(stack.providers.callCount(apiKey)).toBe(0);
  const denied = await stack.warden.services.audit.list({ actor: NON_ADMIN.id });
  expect(denied).toEqual([expect.objectContaining({ action: 'key.add', outcome: 'denied', workflowId: handle.workflowId })]);
});
