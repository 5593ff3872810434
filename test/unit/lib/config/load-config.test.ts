import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '../../../../lib/config';

const valid = () => ({
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/warden',
  WARDEN_MASTER_KEY: randomBytes(32).toString('base64'),
  WARDEN_SERVICE_TOKEN: 'x'.repeat(40),
});

test('a minimal environment loads with documented defaults and a frozen result', () => {
  const config = loadConfig(valid());
  expect(config.keys.gracePeriodMs).toBe(24 * 3_600_000);
  expect(config.providers.retry).toEqual({ initialMs: 5_000, maxMs: 300_000, deadlineMs: 3_600_000 });
  expect(config.temporal).toMatchObject({ address: undefined, namespace: 'default', taskQueue: 'warden' });
  expect(config.slack).toBeUndefined();
  expect(config.slackProblems).toEqual(['SLACK_BOT_TOKEN is not set', 'SLACK_SIGNING_SECRET is not set', 'WARDEN_ADMIN_CHANNEL is not set']);
  expect(Object.isFrozen(config)).toBe(true);
});

test('every bad variable is named at once, and secrets are never echoed', () => {
  const badKey = 'c2hvcnQ=';
  let error: unknown;
  try {
    loadConfig({ DATABASE_URL: 'mysql://x', WARDEN_MASTER_KEY: badKey, WARDEN_SERVICE_TOKEN: 'short', WARDEN_KEY_GRACE_PERIOD: 'soon', WARDEN_BOOTSTRAP_ADMINS: 'ana' });
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(ConfigError);
  const problems = (error as ConfigError).problems.join('\n');
  expect(problems).toContain('DATABASE_URL: must be a postgresql:// URL');
  expect(problems).toContain('WARDEN_MASTER_KEY: must be 32 random bytes, base64-encoded');
  expect(problems).toContain('WARDEN_SERVICE_TOKEN: must be at least 32 characters');
  expect(problems).toContain('WARDEN_KEY_GRACE_PERIOD: "soon" is not a duration');
  expect(problems).toContain('WARDEN_BOOTSTRAP_ADMINS: "ana" is not SLACK_USER_ID:email');
  expect((error as Error).message).not.toContain(badKey);
});

test('secrets have no defaults', () => {
  expect(() => loadConfig({ DATABASE_URL: valid().DATABASE_URL })).toThrow(/WARDEN_MASTER_KEY/);
});

test('the service token is optional (it only bootstraps API keys), but a short one is refused', () => {
  const { WARDEN_SERVICE_TOKEN: _token, ...rest } = valid();
  expect(loadConfig(rest).serviceToken).toBeUndefined();
  expect(() => loadConfig({ ...rest, WARDEN_SERVICE_TOKEN: 'short' })).toThrow(/WARDEN_SERVICE_TOKEN: must be at least 32 characters/);
});

test('Slack is configured only when every variable it needs is present', () => {
  const config = loadConfig({ ...valid(), SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', WARDEN_ADMIN_CHANNEL: 'C1', SLACK_MODE: 'socket' });
  expect(config.slack).toBeUndefined();
  expect(config.slackProblems).toEqual(['SLACK_APP_TOKEN (Socket Mode) is not set']);
  expect(() => loadConfig({ ...valid(), SLACK_BOT_TOKEN: 'xoxp-user-token' })).toThrow(/SLACK_BOT_TOKEN: must be a bot token/);
});

test('older master keys are parsed for re-wrapping', () => {
  const old = randomBytes(32).toString('base64');
  const config = loadConfig({ ...valid(), WARDEN_MASTER_KEY_VERSION: '2', WARDEN_PREVIOUS_MASTER_KEYS: `1:${old}` });
  expect(config.masterKeys.current.version).toBe(2);
  expect(config.masterKeys.previous).toEqual([{ version: 1, key: Buffer.from(old, 'base64') }]);
});

test('the key API limits have defaults and name a bad value', () => {
  expect(loadConfig(valid()).keyApi).toEqual({
    host: '127.0.0.1',
    port: 8080,
    rateLimit: { perSecond: 20, burst: 40 },
    refusalAudit: { individuallyPerWindow: 5, windowMs: 60_000 },
  });
  const tuned = loadConfig({ ...valid(), KEY_API_RATE_LIMIT: '0.5', KEY_API_RATE_BURST: '3', KEY_API_REFUSALS_AUDITED: '0', KEY_API_REFUSAL_WINDOW: '5m' });
  expect(tuned.keyApi).toMatchObject({ rateLimit: { perSecond: 0.5, burst: 3 }, refusalAudit: { individuallyPerWindow: 0, windowMs: 300_000 } });
  expect(() => loadConfig({ ...valid(), KEY_API_REFUSAL_WINDOW: '0s' })).toThrow(/KEY_API_REFUSAL_WINDOW: must be at least 1s/);
  expect(() => loadConfig({ ...valid(), KEY_API_RATE_LIMIT: '0', KEY_API_RATE_BURST: '2.5', KEY_API_REFUSAL_WINDOW: 'a while' })).toThrow(
    /KEY_API_RATE_LIMIT: must be a positive number of requests per second[\s\S]*KEY_API_RATE_BURST: must be a whole number of requests[\s\S]*KEY_API_REFUSAL_WINDOW: "a while" is not a duration/,
  );
});
