import { fakeKey, startAddKey } from '../helpers/key-workflows';
import { eventually, ADMIN_CHANNEL, startTestStack, type TestStack } from '../helpers/warden-stack';
import { killHard, processAlive, startWorkerProcess, type WorkerProcess } from '../helpers/worker-process';

let stack: TestStack;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  // No in-process worker: the worker runs as `npm start --parts=worker` in a child process.
  stack = await startTestStack({ parts: { worker: false, bot: false, api: false } });
}, 120_000);

afterAll(async () => {
  // Whatever happened in the test, no worker process outlives it.
  for (const w of workers) await killHard(w).catch(() => undefined);
  await stack?.stop();
});

function worker(): WorkerProcess {
  const w = startWorkerProcess(stack);
  workers.push(w);
  return w;
}

test('a worker killed mid-workflow is replaced and the key is added exactly once', async () => {
  const apiKey = fakeKey('openai');
  stack.providers.setKey(apiKey, { kind: 'outage' });
  const first = worker();
  await first.ready;
  const handle = await startAddKey(stack, { apiKey, environment: 'production' });

  // The key is stored and the provider is being retried: the workflow is in the middle.
  await eventually('two failed health checks', () => stack.providers.callCount(apiKey) >= 2);
  await killHard(first);
  // The fault happened: the process that ran the worker is gone, and nothing checks the key any more.
  expect(processAlive(first.pid)).toBe(false);
  const callsWhileDown = stack.providers.callCount(apiKey);
  await new Promise((r) => setTimeout(r, 2_000));
  expect(stack.providers.callCount(apiKey)).toBe(callsWhileDown);
  expect(await stack.warden.services.keys.findActive('openai', 'production')).toBeNull();
  stack.providers.setKey(apiKey, { kind: 'valid' });

  const second = worker();
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
}, 180_000);
