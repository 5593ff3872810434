import { z } from 'zod';
import { isSlackUserId } from '../contracts/slack-ids';
import { parseAllowedHosts } from '../net/allowed-hosts';
import { accessEnvSchema } from './access-env';
import { dsarEnvSchema } from './dsar-env';
import { ingestionEnvSchema } from './ingestion-env';
import { parseDuration } from './duration';
import { duration } from './env-types';
import { keyApiEnvSchema } from './key-api-env';
import { dataRightsEnvSchema } from './data-rights-env';
import { apiKeysEnvSchema } from './api-keys-env';


const optionalText = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : undefined));

const masterKey = z.string().refine((v) => Buffer.from(v, 'base64').length === 32 && /^[A-Za-z0-9+/=]+$/.test(v), {
  message: 'must be 32 random bytes, base64-encoded (openssl rand -base64 32)',
});

const slackUserList = z
  .string()
  .default('')
  .transform((value, ctx) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean)
      .map((entry) => {
        const [slackUserId, email] = entry.split(':').map((part) => part?.trim());
        if (!slackUserId || !isSlackUserId(slackUserId) || !email || !email.includes('@')) {
          ctx.addIssue({ code: 'custom', message: `"${entry}" is not SLACK_USER_ID:email (e.g. U012ABCDEF:ana@example.com)` });
        }
        return { slackUserId: slackUserId ?? '', email: email ?? '' };
      }),
  );

/** Every variable Warden reads. Secrets have no defaults. */
export const envSchema = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL'),
  WARDEN_MASTER_KEY: masterKey,
  WARDEN_MASTER_KEY_VERSION: z.coerce.number().int().positive().default(1),
  /** Older master keys still needed to read secrets wrapped before a rotation: "1:<base64>,2:<base64>". */
  WARDEN_PREVIOUS_MASTER_KEYS: z
    .string()
    .default('')
    .transform((value, ctx) =>
      value
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean)
        .map((entry) => {
          const [version, key] = entry.split(':');
          const parsed = { version: Number(version), key: Buffer.from(key ?? '', 'base64') };
          if (!Number.isInteger(parsed.version) || parsed.key.length !== 32) {
            ctx.addIssue({ code: 'custom', message: 'each entry must be <version>:<32 bytes base64>' });
          }
          return parsed;
        }),
    ),
  /** Bootstrap only: creates the first API keys (POST /v1/apikeys). Unset it to retire it (README "Agents and API keys"). */
  WARDEN_SERVICE_TOKEN: optionalText.pipe(z.string().min(32, 'must be at least 32 characters (openssl rand -hex 32)').optional()),
  /** How old an actor assertion may be when its workflow receives it (clock skew plus Slack and queue delays). */
  WARDEN_ACTOR_ASSERTION_MAX_AGE: duration('10m'),
  WARDEN_CODEC_TOKEN: optionalText.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  WARDEN_CODEC_CORS_ORIGINS: z.string().default('http://localhost:8233'),
  WARDEN_BOOTSTRAP_ADMINS: slackUserList,
  WARDEN_ADMIN_CHANNEL: optionalText,
  WARDEN_KEY_GRACE_PERIOD: duration('24h'),
  WARDEN_PROVIDER_TIMEOUT: duration('10s'),
  WARDEN_PROVIDER_RETRY_INITIAL: duration('5s'),
  WARDEN_PROVIDER_RETRY_MAX: duration('5m'),
  WARDEN_PROVIDER_RETRY_DEADLINE: duration('1h'),
  /** On-call responders who may run the key-leak runbook besides admins: "U012ABC,U034DEF". */
  WARDEN_ONCALL_USERS: z
    .string()
    .default('')
    .transform((value, ctx) =>
      value
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean)
        .map((entry) => {
          if (!isSlackUserId(entry)) ctx.addIssue({ code: 'custom', message: `"${entry}" is not a Slack user id (e.g. U012ABCDEF)` });
          return entry;
        }),
    ),
  WARDEN_INCIDENT_CHANNEL: optionalText,
  WARDEN_ONCALL_CHANNEL: optionalText,
  WARDEN_LEAK_GRACE_PERIOD: duration('0s'),
  WARDEN_RUNBOOK_REMINDER_AFTER: duration('30m'),
  WARDEN_HEALTH_CHECK_INTERVAL: duration('1h'),
  WARDEN_ROTATION_CHECK_INTERVAL: duration('24h'),
  /** Key checks the health sweep keeps in flight per provider (a 429 also pauses that provider's checks). */
  WARDEN_HEALTH_SWEEP_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(8),
  /** Keys per sweep batch (one child workflow each), so a sweep's history stays small at any number of keys. */
  WARDEN_HEALTH_SWEEP_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(500),
  WARDEN_KEY_MAX_AGE: duration('90d'),
  /** Per provider and environment: "openai/production=30d,gemini/staging=180d". */
  WARDEN_KEY_MAX_AGE_BY_SLOT: z
    .string()
    .default('')
    .transform((value, ctx) => {
      const out: Record<string, number> = {};
      for (const entry of value.split(',').map((e) => e.trim()).filter(Boolean)) {
        const match = /^(openai|anthropic|gemini|openai_compatible)\/(production|staging)=(.+)$/.exec(entry);
        try {
          if (!match) throw new Error('must be provider/environment=duration');
          out[`${match[1]}/${match[2]}`] = parseDuration(match[3]!);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: `"${entry}": ${(err as Error).message}` });
        }
      }
      return out;
    }),
  WARDEN_HOSTED_OPENAI_KEY: optionalText,
  WARDEN_HOSTED_ANTHROPIC_KEY: optionalText,
  WARDEN_HOSTED_GEMINI_KEY: optionalText,
  OPENAI_BASE_URL: z.url().default('https://api.openai.com/v1'),
  ANTHROPIC_BASE_URL: z.url().default('https://api.anthropic.com'),
  GEMINI_BASE_URL: z.url().default('https://generativelanguage.googleapis.com'),
  /** Private hosts that person-given URLs may reach (self-hosted gateways): "gw.internal,10.0.0.5:8443". */
  WARDEN_ALLOWED_PRIVATE_HOSTS: z
    .string()
    .default('')
    .transform((value, ctx) => {
      const { hosts, problems } = parseAllowedHosts(value);
      for (const message of problems) ctx.addIssue({ code: 'custom', message });
      return hosts;
    }),
  TEMPORAL_ADDRESS: optionalText,
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('warden'),
  TEMPORAL_UI_URL: z.url().default('http://localhost:8233'),
  SLACK_MODE: z.enum(['http', 'socket']).default('http'),
  /** The bot's in-memory copy of who holds which role is reloaded when notified, and at least this often. */
  WARDEN_ROLE_VIEW_TTL: duration('30s'),
  /** Requests the bot works on at once after acknowledging them; the rest wait their turn (acks never do). */
  WARDEN_SLACK_WORK_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(8),
  /** Activities one worker runs at once (npm start shares its process with the bot, so this also guards acks). */
  WARDEN_WORKER_MAX_ACTIVITIES: z.coerce.number().int().min(1).max(1000).default(32),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_BOT_TOKEN: optionalText.pipe(z.string().startsWith('xoxb-', 'must be a bot token (xoxb-…)').optional()),
  SLACK_APP_TOKEN: optionalText.pipe(z.string().startsWith('xapp-', 'must be an app-level token (xapp-…)').optional()),
  SLACK_API_URL: z.url().default('https://slack.com/api/'),
  SLACK_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  KEY_API_HOST: z.string().default('127.0.0.1'),
  KEY_API_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  ...accessEnvSchema,
  ...ingestionEnvSchema,
  ...keyApiEnvSchema,
  ...dataRightsEnvSchema,
  ...dsarEnvSchema,
  ...apiKeysEnvSchema,
}).superRefine((e, ctx) => {
  // The default regime must be one of the configured ones, or a request without --regime has no deadline.
  if (!(e.WARDEN_DSAR_DEFAULT_REGIME in e.WARDEN_DSAR_REGIMES)) {
    ctx.addIssue({ code: 'custom', path: ['WARDEN_DSAR_DEFAULT_REGIME'], message: `"${e.WARDEN_DSAR_DEFAULT_REGIME}" is not in WARDEN_DSAR_REGIMES` });
  }
});

export type RawEnv = z.output<typeof envSchema>;
