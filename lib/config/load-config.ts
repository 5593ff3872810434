import type { Provider } from '../contracts/providers';
import type { AllowedHosts } from '../net/allowed-hosts';
import { accessConfig, type AccessConfig } from './access-env';
import { dsarConfig, type DsarConfig } from './dsar-env';
import { envSchema, type RawEnv } from './env-schema';
import { ingestionConfig, type IngestionConfig } from './ingestion-env';
import { keyApiLimits, type KeyApiLimits } from './key-api-env';
import { dataRightsConfig, type DataRightsConfig } from './data-rights-env';
import { apiKeysConfig, type ApiKeysConfig } from './api-keys-env';

export interface SlackConfig {
  mode: 'http' | 'socket';
  /** How stale the bot's in-memory role view may get when a change notification is missed. */
  roleViewTtlMs: number;
  /** Requests worked on at once after their ack. */
  workConcurrency: number;
  signingSecret: string;
  botToken: string;
  appToken?: string;
  apiUrl: string;
  port: number;
  adminChannel: string;
}

export interface WardenConfig {
  databaseUrl: string;
  masterKeys: { current: { version: number; key: Buffer }; previous: Array<{ version: number; key: Buffer }> };
  /** Bootstrap for the first API keys; undefined once retired. */
  serviceToken: string | undefined;
  /** How old an actor assertion may be when its workflow receives it. */
  actorAssertionMaxAgeMs: number;
  codec: { token?: string; corsOrigins: string[] };
  bootstrapAdmins: Array<{ slackUserId: string; email: string }>;
  keys: { gracePeriodMs: number };
  access: AccessConfig;
  onCall: {
    /** Slack user ids who may run the key-leak runbook besides admins. */
    users: string[];
    /** Where incident threads open; falls back to the admin channel. */
    incidentChannel?: string;
    /** Where health alerts go; falls back to the admin channel. */
    alertChannel?: string;
    leakGraceMs: number;
    reminderAfterMs: number;
    healthCheckIntervalMs: number;
    rotationCheckIntervalMs: number;
    healthSweepConcurrency: number;
    healthSweepBatchSize: number;
    keyMaxAgeMs: number;
    keyMaxAgeBySlot: Record<string, number>;
  };
  providers: {
    timeoutMs: number;
    retry: { initialMs: number; maxMs: number; deadlineMs: number };
    endpoints: { openai: string; anthropic: string; gemini: string };
    hostedKeys: Partial<Record<Provider, string>>;
  };
  /** URLs people give (OpenAI-compatible base URLs) may reach these private hosts; nothing else private. */
  outbound: { allowedPrivateHosts: AllowedHosts };
  ingestion: IngestionConfig;
  temporal: { address?: string; namespace: string; taskQueue: string; uiUrl: string; maxConcurrentActivities: number };
  /** Absent when the Slack app is not configured yet: the worker and key API still run. */
  slack?: SlackConfig;
  slackProblems: string[];
  keyApi: { host: string; port: number } & KeyApiLimits;
  apiKeys: ApiKeysConfig;
  logLevel: RawEnv['LOG_LEVEL'];
  dsar: DsarConfig;
  /** The data map (checked at start-up), retention schedule and redaction limits. */
  dataRights: DataRightsConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Warden's configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; names every bad variable instead of stopping at the first. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<WardenConfig> {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`));
  }
  const e = parsed.data;
  // An invalid data map stops start-up like a bad variable, naming the file, line and field.
  const dataRights = dataRightsConfig(e, env);
  if (!dataRights.config) throw new ConfigError(dataRights.problems);
  const { slack, problems } = slackConfig(e);
  return Object.freeze({
    databaseUrl: e.DATABASE_URL,
    masterKeys: {
      current: { version: e.WARDEN_MASTER_KEY_VERSION, key: Buffer.from(e.WARDEN_MASTER_KEY, 'base64') },
      previous: e.WARDEN_PREVIOUS_MASTER_KEYS,
    },
    serviceToken: e.WARDEN_SERVICE_TOKEN,
    actorAssertionMaxAgeMs: e.WARDEN_ACTOR_ASSERTION_MAX_AGE,
    codec: { token: e.WARDEN_CODEC_TOKEN, corsOrigins: e.WARDEN_CODEC_CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean) },
    bootstrapAdmins: e.WARDEN_BOOTSTRAP_ADMINS,
    keys: { gracePeriodMs: e.WARDEN_KEY_GRACE_PERIOD },
    access: accessConfig(e),
    onCall: {
      users: e.WARDEN_ONCALL_USERS,
      incidentChannel: e.WARDEN_INCIDENT_CHANNEL,
      alertChannel: e.WARDEN_ONCALL_CHANNEL,
      leakGraceMs: e.WARDEN_LEAK_GRACE_PERIOD,
      reminderAfterMs: e.WARDEN_RUNBOOK_REMINDER_AFTER,
      healthCheckIntervalMs: e.WARDEN_HEALTH_CHECK_INTERVAL,
      rotationCheckIntervalMs: e.WARDEN_ROTATION_CHECK_INTERVAL,
      healthSweepConcurrency: e.WARDEN_HEALTH_SWEEP_CONCURRENCY,
      healthSweepBatchSize: e.WARDEN_HEALTH_SWEEP_BATCH_SIZE,
      keyMaxAgeMs: e.WARDEN_KEY_MAX_AGE,
      keyMaxAgeBySlot: e.WARDEN_KEY_MAX_AGE_BY_SLOT,
    },
    providers: {
      timeoutMs: e.WARDEN_PROVIDER_TIMEOUT,
      retry: { initialMs: e.WARDEN_PROVIDER_RETRY_INITIAL, maxMs: e.WARDEN_PROVIDER_RETRY_MAX, deadlineMs: e.WARDEN_PROVIDER_RETRY_DEADLINE },
      endpoints: { openai: e.OPENAI_BASE_URL, anthropic: e.ANTHROPIC_BASE_URL, gemini: e.GEMINI_BASE_URL },
      hostedKeys: {
        ...(e.WARDEN_HOSTED_OPENAI_KEY ? { openai: e.WARDEN_HOSTED_OPENAI_KEY } : {}),
        ...(e.WARDEN_HOSTED_ANTHROPIC_KEY ? { anthropic: e.WARDEN_HOSTED_ANTHROPIC_KEY } : {}),
        ...(e.WARDEN_HOSTED_GEMINI_KEY ? { gemini: e.WARDEN_HOSTED_GEMINI_KEY } : {}),
      },
    },
    outbound: { allowedPrivateHosts: e.WARDEN_ALLOWED_PRIVATE_HOSTS },
    ingestion: ingestionConfig(e),
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      uiUrl: e.TEMPORAL_UI_URL,
      maxConcurrentActivities: e.WARDEN_WORKER_MAX_ACTIVITIES,
    },
    slack,
    slackProblems: problems,
    keyApi: { host: e.KEY_API_HOST, port: e.KEY_API_PORT, ...keyApiLimits(e) },
    apiKeys: apiKeysConfig(e),
    logLevel: e.LOG_LEVEL,
    dsar: dsarConfig(e),
    dataRights: dataRights.config,
  });
}

function slackConfig(e: RawEnv): { slack?: SlackConfig; problems: string[] } {
  const missing: string[] = [];
  if (!e.SLACK_BOT_TOKEN) missing.push('SLACK_BOT_TOKEN');
  if (!e.SLACK_SIGNING_SECRET) missing.push('SLACK_SIGNING_SECRET');
  if (!e.WARDEN_ADMIN_CHANNEL) missing.push('WARDEN_ADMIN_CHANNEL');
  if (e.SLACK_MODE === 'socket' && !e.SLACK_APP_TOKEN) missing.push('SLACK_APP_TOKEN (Socket Mode)');
  if (missing.length > 0) return { problems: missing.map((name) => `${name} is not set`) };
  return {
    problems: [],
    slack: {
      mode: e.SLACK_MODE,
      roleViewTtlMs: e.WARDEN_ROLE_VIEW_TTL,
      workConcurrency: e.WARDEN_SLACK_WORK_CONCURRENCY,
      signingSecret: e.SLACK_SIGNING_SECRET!,
      botToken: e.SLACK_BOT_TOKEN!,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
      port: e.SLACK_PORT,
      adminChannel: e.WARDEN_ADMIN_CHANNEL!,
    },
  };
}
