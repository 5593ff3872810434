import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createApiRoutesForKeys } from './api-key-routes';
import { createReviewEvidenceRoute } from '../api/review-evidence-route';
import { createRedactRoute } from '../api/redact-route';
import { createRateLimiter } from '../api/rate-limit';
import { createRefusalAudit } from '../api/refusal-audit';
import { startApiServer } from '../api/server';
import { createDsarDownloadHandler } from '../api/dsar-download-route';
import { createWardenWorker } from '../activities/worker';
import { createWardenBot, type WardenBot } from '../bot/app';
import { createRoleView } from '../lib/access/role-view';
import { listenForNotifications } from '../lib/db/notifications';
import { createWorkflowClient, type WorkflowClient } from '../bot/workflow-client';
import type { WardenConfig } from '../lib/config';
import type { Logger } from '../lib/log';
import { createCodecServerHandler } from '../lib/temporal/codec-server';
import { buildServices, type WardenServices } from './build-services';
import { ensureReviewSchedule } from './review-schedule';
import { ensureOnCallSchedules } from './oncall-schedules';
import { ensureRetentionSchedule } from './retention-schedule';
import { retryWhileTemporalStarts } from './retry-while-temporal-starts';

export interface StartWardenOptions {
  config: WardenConfig;
  temporalAddress: string;
  logger: Logger;
  parts?: { worker?: boolean; bot?: boolean; api?: boolean };
  workflowBundle?: WorkflowBundleWithSourceMap;
  /** Where the worker keeps its workflow bundle between starts (npm start: .warden/bundles). */
  bundleCacheDir?: string;
  clock?: () => Date;
}

export interface RunningWarden {
  services: WardenServices;
  client: Client;
  /** The seam every start, signal and update goes through, with proof of who asked. */
  workflows: WorkflowClient;
  worker?: Worker;
  botPort?: number;
  apiPort?: number;
  stop(): Promise<void>;
}

/** The main job: worker, Slack bot and key API over one set of services. Any part can be left out. */
export async function startWarden(opts: StartWardenOptions): Promise<RunningWarden> {
  const { config, logger } = opts;
  const parts = { worker: true, bot: true, api: true, ...opts.parts };
  const services = await buildServices(config, logger, opts.clock);
  await services.ensureBootstrapAdmins();
  // Before any part serves a key: every key used from here on must carry a keyed fingerprint and binding.
  const fingerprintUpgrade = await services.upgradeKeyFingerprints();
  if (fingerprintUpgrade.upgraded + fingerprintUpgrade.refused + fingerprintUpgrade.unreadable > 0) {
    logger.info('Key fingerprints brought up to date', { ...fingerprintUpgrade });
  }
  const stops: Array<() => Promise<void>> = [];

  // Lazy: the key API alone (--parts=api) never needs Temporal, so it starts without it.
  const connection = Connection.lazy({ address: opts.temporalAddress });
  stops.push(() => connection.close());
  const client = new Client({ connection, namespace: config.temporal.namespace, dataConverter: services.dataConverter });
  const workflows = createWorkflowClient({
    temporal: client,
    taskQueue: config.temporal.taskQueue,
    actorAssertions: services.actorAssertions,
    temporalUi: { url: config.temporal.uiUrl, namespace: config.temporal.namespace },
    logger,
  });

  let worker: Worker | undefined;
  if (parts.worker) {
    const nativeConnection = await NativeConnection.connect({ address: opts.temporalAddress });
    worker = await createWardenWorker({
      connection: nativeConnection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      dataConverter: services.dataConverter,
      deps: services,
      workflowBundle: opts.workflowBundle,
      bundleCacheDir: opts.bundleCacheDir,
      maxConcurrentActivities: config.temporal.maxConcurrentActivities,
      logger,
    });
    const running = worker.run().catch((err) => logger.error('Worker stopped with an error', { err }));
    const w = worker;
    stops.push(async () => {
      if (w.getState() === 'RUNNING') w.shutdown();
      await running;
      await nativeConnection.close();
    });
    logger.info('Worker running', { taskQueue: config.temporal.taskQueue, namespace: config.temporal.namespace });
    await retryWhileTemporalStarts('the on-call schedules', () => ensureOnCallSchedules({
      client,
      taskQueue: config.temporal.taskQueue,
      settings: services.onCallSettings,
      healthCheckIntervalMs: config.onCall.healthCheckIntervalMs,
      rotationCheckIntervalMs: config.onCall.rotationCheckIntervalMs,
      actorAssertions: services.actorAssertions,
      logger,
    }), logger);
    await retryWhileTemporalStarts('the review schedule', () => ensureReviewSchedule({
      client,
      taskQueue: config.temporal.taskQueue,
      ...services.reviewSchedule,
      settings: services.reviewSettings,
      actorAssertions: services.actorAssertions,
      logger,
    }), logger);
    await retryWhileTemporalStarts('the retention schedule', () => ensureRetentionSchedule({
      client,
      taskQueue: config.temporal.taskQueue,
      everyMs: config.dataRights.retention.intervalMs,
      channel: config.dataRights.retention.channel ?? config.slack?.adminChannel ?? '',
      actorAssertions: services.actorAssertions,
      logger,
    }), logger);
  }

  let bot: WardenBot | undefined;
  let botPort: number | undefined;
  if (parts.bot && config.slack) {
    const roles = createRoleView({
      loadGrants: () => services.members.grantsInForce(new Date()),
      subscribe: (onChange) => listenForNotifications({ databaseUrl: config.databaseUrl, channel: 'warden_role_grants', onNotify: onChange, logger }),
      ttlMs: config.slack.roleViewTtlMs,
      logger,
    });
    await roles.start();
    stops.push(() => roles.stop());
    bot = createWardenBot(config.slack, { ...services, workflows, roles });
    botPort = (await bot.start()).port;
    stops.push(() => bot!.stop());
    logger.info('Slack bot running', { mode: config.slack.mode, port: botPort });
  } else if (parts.bot) {
    logger.warn(
      'Slack is not configured, so the bot is not running; the worker and key API keep running. ' +
        'Create the Slack app from bot/manifest.yaml (README "Slack app") and set the missing variables.',
      { missing: config.slackProblems },
    );
  }

  let apiPort: number | undefined;
  if (parts.api) {
    const refusals = createRefusalAudit({ audit: services.audit, logger, ...config.keyApi.refusalAudit });
    // Every service route authenticates with a scoped API key; the verifier answers from memory.
    const keyed = await createApiRoutesForKeys({ config, services, refusals, logger });
    const api = await startApiServer({
      host: config.keyApi.host,
      port: config.keyApi.port,
      routes: {
        ...keyed.routes,
        'GET /v1/reviews/evidence': createReviewEvidenceRoute({ reviews: services.reviews, authorize: keyed.authorize, audit: services.audit, logger }),
        'POST /v1/redact': createRedactRoute({ authorize: keyed.authorize, ...config.dataRights.redact, audit: services.audit, logger }),
      },
      fallbacks: [
        ...keyed.fallbacks,
        createDsarDownloadHandler({ packages: services.dsar.packages, requests: services.dsar.requests, chunks: services.dsar.chunks, audit: services.audit, logger }),
        ...(config.codec.token ? [createCodecServerHandler({ codec: services.codec, authToken: config.codec.token, allowedOrigins: config.codec.corsOrigins, logger })] : []),
      ],
      rateLimiter: createRateLimiter(config.keyApi.rateLimit),
      refusals,
      logger,
    });
    apiPort = api.port;
    // Refusals still being counted are written before the database connection closes.
    stops.push(async () => {
      await api.close();
      await keyed.stop();
      await refusals.close();
    });
  }

  return {
    services,
    client,
    workflows,
    worker,
    botPort,
    apiPort,
    async stop() {
      for (const stop of stops.reverse()) {
        await stop().catch((err) => logger.error('Error while stopping', { err }));
      }
      // The OCR pool's worker threads end with the process's services, after the worker stopped using them.
      await services.stopIngestion().catch((err) => logger.error('Error while stopping the OCR pool', { err }));
      await services.dataRights.sources.close().catch((err) => logger.error('Error while closing data-map sources', { err }));
      await services.prisma.$disconnect();
      await services.personUrlFetch.close();
    },
  };
}
