import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '../../../lib/config';

const valid = () => ({
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/warden',
  WARDEN_MASTER_KEY: randomBytes(32).toString('base64'),
  WARDEN_SERVICE_TOKEN: 'x'.repeat(40),
});

test('on-call defaults: hourly health checks in capped batches, daily rotation checks, 90-day keys, no leak grace, channels fall back', () => {
  const { onCall } = loadConfig(valid());
  expect(onCall).toEqual({
    users: [],
    incidentChannel: undefined,
    alertChannel: undefined,
    leakGraceMs: 0,
    reminderAfterMs: 30 * 60_000,
    healthCheckIntervalMs: 3_600_000,
    rotationCheckIntervalMs: 86_400_000,
    keyMaxAgeMs: 90 * 86_400_000,
    keyMaxAgeBySlot: {},
    // At most 8 checks in flight per provider, 500 keys per batch workflow.
    healthSweepConcurrency: 8,
    healthSweepBatchSize: 500,
  });
});

test('on-call variables parse, per-slot maximum ages included', () => {
  const { onCall } = loadConfig({
    ...valid(),
    WARDEN_ONCALL_USERS: 'U012ABC, W034DEF',
    WARDEN_INCIDENT_CHANNEL: 'C0INC',
    WARDEN_KEY_MAX_AGE_BY_SLOT: 'openai/production=30d,gemini/staging=12h',
  });
  expect(onCall.users).toEqual(['U012ABC', 'W034DEF']);
  expect(onCall.incidentChannel).toBe('C0INC');
  expect(onCall.keyMaxAgeBySlot).toEqual({ 'openai/production': 30 * 86_400_000, 'gemini/staging': 12 * 3_600_000 });
});

test('bad on-call variables are each named', () => {
  let error: unknown;
  try {
    loadConfig({ ...valid(), WARDEN_ONCALL_USERS: 'ana', WARDEN_KEY_MAX_AGE_BY_SLOT: 'mistral/production=3d', WARDEN_HEALTH_CHECK_INTERVAL: 'hourly' });
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(ConfigError);
  const problems = (error as ConfigError).problems.join('\n');
  expect(problems).toContain('WARDEN_ONCALL_USERS: "ana" is not a Slack user id');
  expect(problems).toContain('WARDEN_KEY_MAX_AGE_BY_SLOT: "mistral/production=3d": must be provider/environment=duration');
  expect(problems).toContain('WARDEN_HEALTH_CHECK_INTERVAL: "hourly" is not a duration');
});
