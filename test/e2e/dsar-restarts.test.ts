// A data-subject request across a restart of the Temporal server and of Warden (worker, bot and HTTP server):
// its deadline timers live in workflow history, so they fire once each, on time or as soon as everything is back.
import { COMPLIANCE_CHANNEL, dsarDriver, platformQuery, seedSamplePlatform } from '../helpers/dsar-driver';
import { ADMIN, eventually, SECOND_ADMIN, startTestStack, type TestStack } from '../helpers/warden-stack';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({
    temporal: 'restartable',
    env: { WARDEN_DSAR_CHANNEL: COMPLIANCE_CHANNEL, WARDEN_DSAR_REGIMES: 'gdpr:30d,ccpa:30s' },
    seed: ({ db }) => seedSamplePlatform(db.url),
  });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

test('reminders and the escalation fire once each across a Temporal server and Warden restart; the request then completes', async () => {
  const dsar = dsarDriver(stack);
  const [row] = await platformQuery<{ email: string }>(stack, "SELECT email FROM platform.end_user_contacts WHERE end_user_id = 'eu_000002'");
  const { message } = await dsar.request(ADMIN.id, `export ${row!.email} --regime ccpa --verified id-document restart drill`);
  await eventually('the 50 % reminder', () => dsar.thread(message).find((t) => t.includes('50 % of the legal deadline')), 30_000);

  await stack.temporalServer!.kill();
  expect(stack.temporalServer!.isRunning()).toBe(false);
  await stack.temporalServer!.start();
  await stack.restartWarden();

  await eventually('the 80 % reminder', () => dsar.thread(message).find((t) => t.includes('80 % of the legal deadline')), 60_000);
  await eventually('the escalation', () => dsar.thread(message).find((t) => t.includes('Escalated: the legal deadline has passed')), 60_000);
  expect(dsar.thread(message).filter((t) => t.includes('Reminder'))).toHaveLength(2);
  expect(dsar.thread(message).filter((t) => t.includes('Escalated'))).toHaveLength(1);

  // An overdue request can still be decided and fulfilled.
  expect(await dsar.click(SECOND_ADMIN.id, message, 'approve')).toContain('You approved the request');
  await dsar.downloadPath(ADMIN.id, 0);
  await eventually('the request to be fulfilled', async () => ((await stack.warden.services.dsar.requests.get(dsar.workflowIdOf(message)))?.status === 'fulfilled' ? true : undefined), 60_000);
}, 240_000);
