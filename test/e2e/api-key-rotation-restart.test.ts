// Rotating an API key: both keys work during the overlap, and the old one stops when the overlap ends, on time,
// although the worker that started the overlap's timer was SIGKILLed and replaced in between.
import { keyIn } from '../helpers/api-key-modal';
import { bootstrapApiKey } from '../helpers/api-keys';
import { slackDriver } from '../helpers/slack-driver';
import { ADMIN, eventually, startTestStack, type TestStack } from '../helpers/warden-stack';
import { killHard, processAlive, workerFleet } from '../helpers/worker-process';

const OVERLAP_MS = 45_000;
let stack: TestStack;
const workers = workerFleet(() => stack);

beforeAll(async () => {
  stack = await startTestStack({ parts: { worker: false, bot: true, api: true }, env: { WARDEN_API_KEY_ROTATION_OVERLAP: `${OVERLAP_MS / 1000}s` } });
}, 120_000);

afterAll(async () => {
  await workers.stopAll();
  await stack?.stop();
});

const verify = async (key: string) =>
  (await fetch(`${stack.apiUrl}/v1/apikeys/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key }) })).status;

test('the rotation overlap ends on time across a killed worker: both keys work until then, only the successor after', async () => {
  const worker = await workers.start();
  const old = await bootstrapApiKey(stack, { name: 'chat-gateway', scopes: { actions: ['chat'] } });
  const rotated = await slackDriver(stack).slash(ADMIN.id, `apikeys rotate ${old.prefix}`);
  const successor = keyIn(String(rotated.json.text))!;
  expect(successor).toBeDefined();
  expect(rotated.json.text).toContain(`\`${old.prefix}…\` keeps working until`);
  const oldRow = (await stack.warden.services.apiKeys.findByPrefix(old.prefix))!;
  const overlapEndsAt = oldRow.overlapEndsAt!;
  expect(overlapEndsAt.getTime() - Date.now()).toBeGreaterThan(20_000);
  expect(await verify(old.key)).toBe(200);
  expect(await verify(successor)).toBe(200);

  // The worker holding the overlap's workflow dies; a new one takes over before the timer is due.
  await killHard(worker);
  expect(processAlive(worker.pid)).toBe(false);
  await workers.start();
  expect(Date.now()).toBeLessThan(overlapEndsAt.getTime());
  expect(await verify(old.key)).toBe(200);

  const revokedAt = await eventually('the old key to be revoked when the overlap ends', async () => (await stack.warden.services.apiKeys.findByPrefix(old.prefix))?.revokedAt ?? undefined, OVERLAP_MS + 30_000);
  expect(revokedAt.getTime()).toBeGreaterThanOrEqual(overlapEndsAt.getTime());
  expect(revokedAt.getTime() - overlapEndsAt.getTime()).toBeLessThan(5_000);
  expect(await verify(old.key)).toBe(401);
  expect(await verify(successor)).toBe(200);
  expect(await stack.warden.services.audit.list({ action: 'apikey.overlap_ended', target: old.prefix })).toEqual([expect.objectContaining({ actor: 'warden', outcome: 'succeeded' })]);
}, 240_000);
