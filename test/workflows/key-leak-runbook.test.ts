import { WorkflowFailedError } from '@temporalio/client';
import { workflowIds, type KeyLeakRunbookInput } from '../../lib/contracts';
import { cancelIncidentSignal } from '../../workflows/messages';
import type { keyLeakRunbook } from '../../workflows';
import { fakeKey, startAddKey } from '../helpers/key-workflows';
import { ADMIN, ADMIN_CHANNEL, eventually, NON_ADMIN, startTestStack, type TestStack } from '../helpers/warden-stack';

let stack: TestStack;
let n = 0;

beforeAll(async () => {
  // No incident channel configured: threads open in the admin channel. A leak grace of 2 s.
  stack = await startTestStack({ env: { WARDEN_LEAK_GRACE_PERIOD: '2s' }, parts: { bot: false, api: false } });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

async function startRunbook(p: Partial<KeyLeakRunbookInput> = {}) {
  n += 1;
  const incidentId = `inc-0000000${n}`;
  const input: KeyLeakRunbookInput = {
    incidentId,
    requestId: `test-${n}`,
    provider: 'openai',
    environment: 'production',
    actorSlackId: ADMIN.id,
    source: 'command',
    settings: stack.warden.services.onCallSettings,
    ...p,
  };
  const workflowId = workflowIds.keyLeakRunbook(incidentId);
  await stack.warden.workflows.startOnce<typeof keyLeakRunbook>('keyLeakRunbook', { workflowId, actor: input.actorSlackId, input });
  return stack.warden.client.workflow.getHandle<typeof keyLeakRunbook>(workflowId);
}

function cancel(workflowId: string, by: string) {
  return stack.warden.workflows.signal(workflowId, cancelIncidentSignal, by, { actorSlackId: by });
}

test('with a leak grace, the key keeps being served until the grace ends, then it is contained', async () => {
  const apiKey = fakeKey('openai');
  stack.providers.setKey(apiKey, { kind: 'valid' });
  await (await startAddKey(stack, { apiKey })).result();
  const key = (await stack.warden.services.keys.findActive('openai', 'production'))!;

  const handle = await startRunbook();
  await eventually('the grace note in the admin channel thread', () => stack.slack.messages(ADMIN_CHANNEL).find((m) => m.text?.includes('Leak grace period')));
  const served = await stack.warden.services.resolveKey({ provider: 'openai', environment: 'production', caller: 'svc' });
  expect(served.keyId).toBe(key.id);
  await eventually('containment after the grace', async () => ((await stack.warden.services.keys.get(key.id))?.status === 'compromised' ? true : undefined));
  await expect(stack.warden.services.resolveKey({ provider: 'openai', environment: 'production', caller: 'svc' })).rejects.toThrow();
  await cancel(handle.workflowId, ADMIN.id);
  const state = await handle.result();
  expect(state.step).toBe('cancelled');
  expect(state.timeline.map((t) => t.step)).toEqual(['opened', 'contain', 'impact', 'cancelled']);
});

test('cancelled during the grace, nothing is contained', async () => {
  const apiKey = fakeKey('openai');
  stack.providers.setKey(apiKey, { kind: 'valid' });
  await (await startAddKey(stack, { apiKey, environment: 'staging' })).result();
  const key = (await stack.warden.services.keys.findActive('openai', 'staging'))!;
  const handle = await startRunbook({ environment: 'staging' });
  await cancel(handle.workflowId, ADMIN.id);
  const state = await handle.result();
  expect(state.timeline.map((t) => t.step)).toEqual(['opened', 'cancelled']);
  expect((await stack.warden.services.keys.get(key.id))?.status).toBe('active');
});

test('someone neither admin nor on-call cannot run it: typed failure, a DM, an audited refusal, no incident', async () => {
  const handle = await startRunbook({ actorSlackId: NON_ADMIN.id });
  const err = await handle.result().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WorkflowFailedError);
  const activityFailure = (err as WorkflowFailedError).cause as (Error & { cause?: Error }) | undefined;
  expect(activityFailure?.cause?.message).toContain('Only org admins and the configured on-call people');
  await eventually('the DM', () => stack.slack.messages().find((m) => m.channel.startsWith('D') && m.text?.includes('can run the key-leak runbook')));
  const denied = await stack.warden.services.audit.list({ actor: NON_ADMIN.id, action: 'incident.key_leak' });
  expect(denied[0]?.outcome).toBe('denied');
  expect(await stack.warden.services.incidents.get(`inc-0000000${n}`)).toBeNull();
});
