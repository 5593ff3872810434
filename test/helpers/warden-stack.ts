import { randomBytes, randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadConfig, type WardenConfig } from '../../lib/config';
import { createLogger } from '../../lib/log';
import { startWarden, type RunningWarden } from '../../runtime/start-warden';
import { startFakeProviderServer, type FakeProviderServer, type FakeProviderServerOptions } from '../fakes/provider-server';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-web-api';
import { createTestDatabase, type TestDatabase } from './database';
import { startTemporal, workflowBundle } from './temporal';
import { startRestartableTemporal, type RestartableTemporal } from './temporal-server';

export const ADMIN = { id: 'U0ADMIN0001', email: 'ana.admin@example.com' };
export const SECOND_ADMIN = { id: 'U0ADMIN0002', email: 'ben.admin@example.com' };
export const NON_ADMIN = { id: 'U0BUILDER01', email: 'bo.builder@example.com' };
export const ADMIN_CHANNEL = 'C0ADMINOPS1';
export const OPS_CHANNEL = 'C0OPSROOM01';

export interface TestStack {
  temporal: Pick<TestWorkflowEnvironment, 'address' | 'teardown'> & Partial<Pick<TestWorkflowEnvironment, 'connection' | 'nativeConnection'>>;
  /** Set with `{ temporal: 'restartable' }`: the server can be killed and started again on its history. */
  temporalServer?: RestartableTemporal;
  db: TestDatabase;
  slack: FakeSlack;
  providers: FakeProviderServer;
  config: WardenConfig;
  env: Record<string, string>;
  warden: RunningWarden;
  logLines: string[];
  botUrl: string;
  apiUrl: string;
  /** Stops Warden and starts it again on the same database and Temporal server (a restart). */
  restartWarden(parts?: { worker?: boolean; bot?: boolean; api?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Warden as it runs in production, on the real Temporal dev server and PostgreSQL, with Slack's Web API
 * and the LLM providers replaced by local fakes that answer like them. Only config points it at them.
 */
export async function startTestStack(
  opts: {
    env?: Record<string, string>;
    parts?: { worker?: boolean; bot?: boolean; api?: boolean };
    /** Writes rows before Warden first starts, as an older version of Warden would have left them. */
    seed?: (ctx: { db: TestDatabase; config: WardenConfig }) => Promise<void>;
    /** `restartable`: a Temporal dev server on a database file that the test can kill and start again. */
    temporal?: 'test-environment' | 'restartable';
    /** How the fake providers answer (latency, the behaviour of keys nobody set). */
    providers?: FakeProviderServerOptions;
  } = {},
): Promise<TestStack> {
  const restartable = opts.temporal === 'restartable' ? await startRestartableTemporal() : undefined;
  const [temporal, db, slack, providers] = await Promise.all([
    restartable ?? startTemporal(),
    createTestDatabase(),
    startFakeSlack({ botToken: 'xoxb-warden-test-token' }),
    startFakeProviderServer(opts.providers),
  ]);
  const env: Record<string, string> = {
    DATABASE_URL: db.url,
    WARDEN_MASTER_KEY: randomBytes(32).toString('base64'),
    WARDEN_SERVICE_TOKEN: randomBytes(24).toString('hex'),
    WARDEN_CODEC_TOKEN: randomBytes(24).toString('hex'),
    WARDEN_BOOTSTRAP_ADMINS: `${ADMIN.id}:${ADMIN.email},${SECOND_ADMIN.id}:${SECOND_ADMIN.email}`,
    WARDEN_ADMIN_CHANNEL: ADMIN_CHANNEL,
    WARDEN_KEY_GRACE_PERIOD: '3s',
    WARDEN_PROVIDER_TIMEOUT: '2s',
    WARDEN_PROVIDER_RETRY_INITIAL: '200ms',
    WARDEN_PROVIDER_RETRY_MAX: '1s',
    WARDEN_PROVIDER_RETRY_DEADLINE: '40s',
    OPENAI_BASE_URL: providers.endpoints.openai,
    ANTHROPIC_BASE_URL: providers.endpoints.anthropic,
    GEMINI_BASE_URL: providers.endpoints.gemini,
    TEMPORAL_TASK_QUEUE: `warden-test-${randomUUID().slice(0, 8)}`,
    SLACK_BOT_TOKEN: 'xoxb-warden-test-token',
    SLACK_SIGNING_SECRET: randomBytes(16).toString('hex'),
    SLACK_API_URL: slack.apiUrl,
    SLACK_PORT: '0',
    KEY_API_PORT: '0',
    LOG_LEVEL: 'debug',
    ...opts.env,
  };
  const config = loadConfig(env);
  await opts.seed?.({ db, config });
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', sink: (line) => logLines.push(line) });
  const bundle = await workflowBundle();
  const start = (parts = opts.parts) => startWarden({ config, logger, temporalAddress: temporal.address, workflowBundle: bundle, parts });
  let warden = await start();
  const stack: TestStack = {
    temporal,
    ...(restartable ? { temporalServer: restartable } : {}),
    db,
    slack,
    providers,
    config,
    env,
    logLines,
    get warden() {
      return warden;
    },
    get botUrl() {
      return `http://127.0.0.1:${warden.botPort}/slack/events`;
    },
    get apiUrl() {
      return `http://127.0.0.1:${warden.apiPort}`;
    },
    async restartWarden(parts) {
      await warden.stop();
      warden = await start(parts);
    },
    async stop() {
      // The servers go even when Warden's own stop fails (a restart that failed leaves it stopped already),
      // or a Temporal dev server outlives the test run.
      try {
        await warden.stop();
      } finally {
        await Promise.all([temporal.teardown(), db.drop(), slack.close(), providers.close()]);
      }
    },
  };
  return stack;
}

/** Polls until `check` returns a value (not undefined/false), or fails with what it was waiting for. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
