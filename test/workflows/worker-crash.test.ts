import { fakeKey, startAddKey } from '../helpers/key-workflows';
import { eventually, ADMIN_CHANNEL, startTestStack, type TestStack } from '../helpers/warden-stack';
import { killHard, startWorkerProcess } from '../helpers/worker-process';

let stack: TestStack;

beforeAll(async () => {
  // No in-process worker: the worker runs as `npm start --parts=worker` in a child process.
  stack = await startTestStack({ parts: { worker: false, bot: false, api: false } });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

test('a worker killed mid-workflow is replaced and the key is added exactly once', async () => {
  const apiKey = fakeKey('openai');
  stack.providers.setKey(apiKey, { kind: 'outage' });
  const first = startWorkerProcess(stack);
  await first.ready;
  const handle = await startAddKey(stack, { apiKey, environment: 'production' });

  // The key is stored and the provider is being retried: the workflow is in the middle.
  await eventually('two failed health checks', () => stack.providers.callCount(apiKey) >= 2);
  await killHard(first.child);
  stack.providers.setKey(apiKey, { kind: 'valid' });

  const second = startWorkerProcess(stack);
  try {
    await second.ready;
    const result = await handle.result();

    const keys = (await stack.warden.services.keys.list()).filter((k) => k.requestId === handle.workflowId);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ id: result.keyId, status: 'active' });
    const events = await stack.warden.services.audit.list({ target: result.keyId });
    expect(events.filter((e) => e.action === 'key.activated')).toHaveLength(1);
    expect(events.filter((e) => e.action === 'key.add.requested')).toHaveLength(1);
    const parents = stack.slack.messages(ADMIN_CHANNEL).filter((m) => !m.thread_ts && m.text?.includes(result.maskedKey));
    expect(parents).toHaveLength(1);
    expect((await stack.warden.services.audit.verify()).ok).toBe(true);
    // Neither worker process logged the key.
    expect(first.output() + second.output()).not.toContain(apiKey);
  } finally {
    await killHard(second.child);
  }
}, 180_000);
