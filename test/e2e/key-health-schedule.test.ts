import { ScheduleOverlapPolicy } from '@temporalio/client';
import { workflowIds } from '../../lib/contracts';
import { fakeKey, startAddKey } from '../helpers/key-workflows';
import { slackDriver } from '../helpers/slack-driver';
import { executeAsWarden } from '../helpers/system-workflows';
import { blockActionsBody, postSignedToSlackEndpoint } from '../helpers/slack-requests';
import { ADMIN, ADMIN_CHANNEL, eventually, startTestStack, type TestStack } from '../helpers/warden-stack';

const ONCALL = 'U0ONCALL001';
const ONCALL_CHANNEL = 'C0ONCALLAL1';
const MINUTE = 60_000;

let stack: TestStack;
let run = 0;

beforeAll(async () => {
  stack = await startTestStack({
    env: {
      WARDEN_ONCALL_USERS: ONCALL,
      WARDEN_ONCALL_CHANNEL: ONCALL_CHANNEL,
      WARDEN_KEY_MAX_AGE: '10m',
      WARDEN_KEY_MAX_AGE_BY_SLOT: 'gemini/production=100m',
    },
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

async function addActive(apiKey: string, provider: 'openai' | 'anthropic' | 'gemini', environment: 'production' | 'staging') {
  stack.providers.setKey(apiKey, { kind: 'valid' });
  await (await startAddKey(stack, { apiKey, provider, environment })).result();
  return (await stack.warden.services.keys.findActive(provider, environment))!;
}

/** Runs one sweep to completion, as the schedule would start it. */
function sweep(type: 'keyHealthSweep' | 'keyRotationSweep') {
  run += 1;
  return executeAsWarden<any>(stack, type, `test-${type}-${run}`, { settings: stack.warden.services.onCallSettings });
}

const messagesAbout = (channel: string, needle: string) => stack.slack.messages(channel).filter((m) => m.text?.includes(needle));

test('the schedules exist after start, survive a restart, and a triggered health sweep stores a result per key', async () => {
  const key = await addActive(fakeKey('openai'), 'openai', 'staging');
  const healthScheduleId = workflowIds.healthSchedule(stack.config.temporal.taskQueue);
  const described = await stack.warden.client.schedule.getHandle(healthScheduleId).describe();
  expect(described.spec.intervals?.[0]?.every).toBe(60 * MINUTE);
  const rotation = await stack.warden.client.schedule.getHandle(workflowIds.rotationSchedule(stack.config.temporal.taskQueue)).describe();
  expect(rotation.spec.intervals?.[0]?.every).toBe(24 * 60 * MINUTE);

  await stack.restartWarden(); // creating the schedules again is a no-op

  // The restarted Warden has a new client: the schedule is there, and firing it runs a sweep.
  const schedule = stack.warden.client.schedule.getHandle(healthScheduleId);
  expect((await schedule.describe()).spec.intervals?.[0]?.every).toBe(60 * MINUTE);
  await schedule.trigger(ScheduleOverlapPolicy.ALLOW_ALL);
  const rows = await eventually('a stored health check', async () => {
    const checks = await stack.warden.services.keyHealth.recentChecks(key.id);
    return checks.length > 0 ? checks : undefined;
  });
  expect(rows[0]).toMatchObject({ keyId: key.id, outcome: 'valid' });
  expect(rows[0]!.latencyMs).toBeGreaterThanOrEqual(0);
  const refreshed = await eventually('last check on the key', async () => {
    const k = await stack.warden.services.keys.get(key.id);
    return k?.lastCheckedAt ? k : undefined;
  });
  expect(refreshed.lastCheckOutcome).toBe('valid');
});

test('a key turning invalid alerts once with the runbook button, and recovers once when fixed; outages never alert', async () => {
  const apiKey = fakeKey('anthropic');
  const key = await addActive(apiKey, 'anthropic', 'production');
  const failing = `\`${key.maskedKey}\` (${key.fingerprint}): *invalid or revoked*`;
  const healthy = `\`${key.maskedKey}\` (${key.fingerprint}) passes its health check`;

  await sweep('keyHealthSweep');
  expect(messagesAbout(ONCALL_CHANNEL, key.maskedKey)).toHaveLength(0);

  stack.providers.setKey(apiKey, { kind: 'invalid' });
  await sweep('keyHealthSweep');
  await sweep('keyHealthSweep');
  await sweep('keyHealthSweep');
  const alerts = messagesAbout(ONCALL_CHANNEL, failing);
  expect(alerts).toHaveLength(1);
  expect(alerts[0]!.text).toContain('Anthropic production key failing');
  expect(JSON.stringify(alerts[0]!.blocks)).toContain('warden_health_start_runbook');

  stack.providers.setKey(apiKey, { kind: 'outage' });
  await sweep('keyHealthSweep');
  expect(messagesAbout(ONCALL_CHANNEL, key.maskedKey)).toHaveLength(1);

  stack.providers.setKey(apiKey, { kind: 'valid' });
  await sweep('keyHealthSweep');
  await sweep('keyHealthSweep');
  expect(messagesAbout(ONCALL_CHANNEL, healthy)).toHaveLength(1);
  expect(messagesAbout(ONCALL_CHANNEL, failing)).toHaveLength(1);

  const outcomes = (await stack.warden.services.keyHealth.recentChecks(key.id)).map((c) => c.outcome).reverse();
  expect(outcomes).toEqual(['valid', 'invalid_or_revoked', 'invalid_or_revoked', 'invalid_or_revoked', 'provider_outage', 'valid', 'valid']);
  const audit = await stack.warden.services.audit.list({ target: key.id });
  expect(audit.filter((e) => e.action === 'key.health_alert')).toHaveLength(1);
  expect(audit.filter((e) => e.action === 'key.health_recovered')).toHaveLength(1);
  expect(stack.slack.recordedText()).not.toContain(apiKey);
});

test('the alert button starts the key-leak runbook for exactly that key', async () => {
  const apiKey = fakeKey('openai');
  const key = await addActive(apiKey, 'openai', 'production');
  stack.providers.setKey(apiKey, { kind: 'quota_exhausted' });
  await sweep('keyHealthSweep');
  const alert = messagesAbout(ONCALL_CHANNEL, `\`${key.maskedKey}\` (${key.fingerprint}): *quota exhausted*`)[0]!;
  const button = (alert.blocks as Array<{ elements?: Array<{ value?: string }> }>).flatMap((b) => b.elements ?? [])[0]!;
  expect(JSON.parse(String(button.value))).toEqual({ keyId: key.id, provider: 'openai', environment: 'production' });
  const responseUrl = stack.slack.issueResponseUrl();
  const body = blockActionsBody({
    userId: ONCALL,
    actionId: 'warden_health_start_runbook',
    value: button.value,
    channelId: ONCALL_CHANNEL,
    messageTs: alert.ts,
    responseUrl,
  });
  await postSignedToSlackEndpoint(stack.botUrl, body, { signingSecret: stack.env.SLACK_SIGNING_SECRET! });
  const reply = await eventually('the reply', () => stack.slack.responses().find((r) => r.url === responseUrl)?.body as { text: string } | undefined);
  expect(reply.text).toMatch(/Incident `inc-[0-9a-f]{8}` opened/);
  await eventually('the key contained', async () => ((await stack.warden.services.keys.get(key.id))?.status === 'compromised' ? true : undefined));
});

test('rotation reminders: once to the owning team at 80% of the maximum age, daily to admins past it', async () => {
  const key = await addActive(fakeKey('gemini'), 'gemini', 'staging');
  const prisma = stack.warden.services.prisma;
  const age = (ms: number) => prisma.providerKey.update({ where: { id: key.id }, data: { activatedAt: new Date(Date.now() - ms) } });
  const soon = () => messagesAbout(ADMIN_CHANNEL, `Rotation due soon* — team *Platform*: the Google Gemini staging key \`${key.maskedKey}\``);
  const overdue = () => messagesAbout(ADMIN_CHANNEL, `Rotation overdue* — admins: the Google Gemini staging key \`${key.maskedKey}\``);

  await age(7 * MINUTE); // 70% of 10m
  await sweep('keyRotationSweep');
  expect(soon()).toHaveLength(0);

  await age(8.5 * MINUTE); // 85%
  await sweep('keyRotationSweep');
  await sweep('keyRotationSweep');
  expect(soon()).toHaveLength(1);
  expect(soon()[0]!.text).toContain('`/warden keys rotate gemini staging`');
  expect(overdue()).toHaveLength(0);

  await age(11 * MINUTE); // past the maximum
  await sweep('keyRotationSweep');
  await sweep('keyRotationSweep');
  expect(overdue()).toHaveLength(1);
  expect(soon()).toHaveLength(1);

  // A per-slot maximum applies: a 9-minute-old Gemini production key is far from its 100m limit.
  const prod = await addActive(fakeKey('gemini'), 'gemini', 'production');
  await prisma.providerKey.update({ where: { id: prod.id }, data: { activatedAt: new Date(Date.now() - 9 * MINUTE) } });
  await sweep('keyRotationSweep');
  expect(messagesAbout(ADMIN_CHANNEL, `key \`${prod.maskedKey}\``).filter((m) => m.text?.includes('Rotation'))).toHaveLength(0);
});

test('one key for production and staging is reported as a finding, in the sweep and in /warden keys', async () => {
  const shared = fakeKey('anthropic');
  await addActive(shared, 'anthropic', 'production');
  await addActive(shared, 'anthropic', 'staging');
  const summary = await sweep('keyHealthSweep');
  expect(summary.findings.join('\n')).toContain('anthropic uses one key');
  await eventually('the finding in the on-call channel', () => messagesAbout(ONCALL_CHANNEL, 'anthropic uses one key').length === 1 || undefined);
  await sweep('keyHealthSweep');
  expect(messagesAbout(ONCALL_CHANNEL, 'anthropic uses one key')).toHaveLength(1); // once a day
  const listing = await slackDriver(stack).slash(ADMIN.id, 'keys');
  expect(JSON.stringify(listing.json.blocks)).toContain('Finding: anthropic uses one key');
});

test('an admin leaving raises "rotate keys this person could see" with every active key, masked', async () => {
  const result = await executeAsWarden(stack, 'raiseRotateKeysForDepartedAdmin', workflowIds.departedAdminRotation('U0LEAVER001', 'grant-123'), {
    slackUserId: 'U0LEAVER001',
    requestId: 'grant-123',
    settings: stack.warden.services.onCallSettings,
  });
  const active = (await stack.warden.services.keys.list()).filter((k) => k.status === 'active');
  expect((result as { keyIds: string[] }).keyIds.sort()).toEqual(active.map((k) => k.id).sort());
  const message = messagesAbout(ADMIN_CHANNEL, 'Rotate keys <@U0LEAVER001> could see')[0]!;
  for (const k of active) expect(message.text).toContain(`\`/warden keys rotate ${k.provider} ${k.environment}\``);
});
