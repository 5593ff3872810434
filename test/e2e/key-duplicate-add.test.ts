import { ActivityFailure, ApplicationFailure, WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { RetryState } from '@temporalio/common';
import { ERROR_CODES, workflowIds } from '../../lib/contracts';
import { fakeKey } from '../helpers/key-workflows';
import { slackDriver } from '../helpers/slack-driver';
import { ADMIN, ADMIN_CHANNEL, eventually, NON_ADMIN, SECOND_ADMIN, startTestStack, type TestStack } from '../helpers/warden-stack';

// The same key submitted again for its own slot: refused by the workflow's activity, and nothing in the slot moves.
// A long grace period keeps a retiring key retiring for the whole file.

const TEAM = 'T0WARDEN01';
let stack: TestStack;
let slack: ReturnType<typeof slackDriver>;

beforeAll(async () => {
  stack = await startTestStack({ env: { WARDEN_KEY_GRACE_PERIOD: '1h' } });
  slack = slackDriver(stack);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const keys = () => stack.warden.services.keys;

/** Through Slack, as an admin does it: the command, the modal, the submit. Returns the add workflow's id. */
async function submitKey(userId: string, fields: { provider: string; environment: string; apiKey: string }, command = 'keys add'): Promise<string> {
  await slack.slash(userId, command);
  const view = slack.lastOpenedView();
  const submitted = await slack.submitKeyModal(userId, view, { ...fields, ownerTeam: 'Platform' });
  expect(submitted.status).toBe(200);
  const workflowId = command.startsWith('keys rotate') ? workflowIds.rotateKey(TEAM, view.id) : workflowIds.addKey(TEAM, view.id);
  // The ack comes first; the workflow starts right after it.
  await eventually('the key workflow to start', () => stack.warden.client.workflow.getHandle(workflowId).describe().then(() => true, () => undefined));
  return workflowId;
}

async function activeKey(provider: 'openai', environment: 'production' | 'staging', notId?: string) {
  return eventually(`the ${provider} ${environment} key to be active`, async () => {
    const k = await keys().findActive(provider, environment);
    return k && k.id !== notId ? k : undefined;
  });
}

/** The workflow's failure, unwrapped: the activity failure and the coded application failure inside it. */
async function failureOf(workflowId: string): Promise<{ activity: ActivityFailure; cause: ApplicationFailure }> {
  const err = await stack.warden.client.workflow.getHandle(workflowId).result().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowFailedError);
  const activity = (err as WorkflowFailedError).cause;
  expect(activity).toBeInstanceOf(ActivityFailure);
  const cause = (activity as ActivityFailure).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return { activity: activity as ActivityFailure, cause: cause as ApplicationFailure };
}

const dmTo = (user: string, text: string) => eventually(`a DM to ${user} saying "${text}"`, () => stack.slack.messages(`D${user}`).find((m) => m.text?.includes(text)));

// The admin still has the values of the keys they added; the tests play that admin.
const first = fakeKey('openai');
const second = fakeKey('openai');

test('adding the active key again is refused with a clear message; nothing in the slot changes', async () => {
  stack.providers.setKey(first, { kind: 'valid' });
  await submitKey(ADMIN.id, { provider: 'openai', environment: 'production', apiKey: first });
  const active = await activeKey('openai', 'production');
  const checksBefore = stack.providers.callCount(first);
  expect(checksBefore).toBe(1);

  const workflowId = await submitKey(SECOND_ADMIN.id, { provider: 'openai', environment: 'production', apiKey: first });
  const expected = `This key is already the active OpenAI production key (${active.maskedKey}).`;
  const { activity, cause } = await failureOf(workflowId);
  expect(cause).toMatchObject({ type: ERROR_CODES.keyAlreadyAdded, nonRetryable: true, message: expected });
  expect(activity).toMatchObject({ activityType: 'storePendingKey', retryState: RetryState.NON_RETRYABLE_FAILURE });

  // The admin hears why, in a DM and in the key thread.
  await dmTo(SECOND_ADMIN.id, `:x: The OpenAI production key was not activated: ${expected}`);
  await eventually('the thread to show the refusal', () => stack.slack.messages(ADMIN_CHANNEL).find((m) => m.thread_ts && m.text?.includes(expected)));

  // Nothing changed: one row, still active, not retiring, no retire timer, the key not even checked again.
  const slotRows = (await keys().list()).filter((k) => k.provider === 'openai' && k.environment === 'production');
  expect(slotRows.map((k) => k.id)).toEqual([active.id]);
  expect(await keys().findActive('openai', 'production')).toMatchObject({ id: active.id, status: 'active', retiringAt: null, revokeAfter: null });
  expect(stack.providers.callCount(first)).toBe(checksBefore);
  await expect(stack.warden.client.workflow.getHandle(workflowIds.retireKey(active.id)).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);

  // The refusal is audited, with the key it collided with.
  const refused = await stack.warden.services.audit.list({ actor: SECOND_ADMIN.id, action: 'key.add.requested' });
  expect(refused).toEqual([
    expect.objectContaining({ outcome: 'refused', target: 'openai/production', details: expect.objectContaining({ error: ERROR_CODES.keyAlreadyAdded, existingKeyId: active.id }) }),
  ]);

  // /warden keys still shows exactly one OpenAI production key, active.
  const listing = JSON.stringify((await slack.slash(NON_ADMIN.id, 'keys')).json.blocks);
  expect(listing.split(active.maskedKey).length - 1).toBe(1);
  expect(listing).not.toContain('*failed*');
});

test('the key being retired cannot be added back either; the rotation stands as it is', async () => {
  const old = await keys().findActive('openai', 'production');
  stack.providers.setKey(second, { kind: 'valid' });
  await submitKey(ADMIN.id, { provider: 'openai', environment: 'production', apiKey: second }, 'keys rotate openai production');
  const fresh = await activeKey('openai', 'production', old!.id);
  const retiring = await keys().get(old!.id);
  expect(retiring).toMatchObject({ status: 'retiring', revokeAfter: expect.any(Date) });

  const workflowId = await submitKey(SECOND_ADMIN.id, { provider: 'openai', environment: 'production', apiKey: first });
  const { cause } = await failureOf(workflowId);
  expect(cause).toMatchObject({
    type: ERROR_CODES.keyAlreadyAdded,
    message: `This key is the OpenAI production key being retired (${retiring!.maskedKey}); add a new key from the provider's console instead.`,
  });
  expect(await keys().findActive('openai', 'production')).toMatchObject({ id: fresh.id, status: 'active' });
  expect(await keys().get(old!.id)).toMatchObject({ status: 'retiring', revokeAfter: retiring!.revokeAfter });
});

test('the same key in the other environment is not refused: it is added, and shown as a finding', async () => {
  const production = await keys().findActive('openai', 'production');
  await submitKey(ADMIN.id, { provider: 'openai', environment: 'staging', apiKey: second });
  const staging = await activeKey('openai', 'staging');
  expect(staging.fingerprint).toBe(production!.fingerprint);
  const listing = JSON.stringify((await slack.slash(NON_ADMIN.id, 'keys')).json.blocks);
  expect(listing).toContain(`openai uses one key (${production!.fingerprint}) for both production and staging`);
});
