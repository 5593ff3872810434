import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import type { Logger } from '../lib/log';
import { createActivities, type ActivityDeps } from '.';
import { cachedWorkflowBundle } from './workflow-bundle-cache';

export interface WardenWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  dataConverter: DataConverter;
  deps: ActivityDeps;
  /** Pre-built workflow bundle; bundling takes seconds, so tests and restarts reuse one. */
  workflowBundle?: WorkflowBundleWithSourceMap;
  /** Where a built bundle is kept for the next start (a restart after a crash skips bundling). */
  bundleCacheDir?: string;
  logger: Logger;
}

const workflowsPath = require.resolve('../workflows');

export function bundleWardenWorkflows(logger?: Logger): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath, logger: bundlerLogger(logger) });
}

export async function createWardenWorker(opts: WardenWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    dataConverter: opts.dataConverter,
    activities: createActivities(opts.deps),
    workflowBundle: opts.workflowBundle ?? (await workflowBundleFor(opts)),
  });
}

function workflowBundleFor(opts: WardenWorkerOptions): Promise<WorkflowBundleWithSourceMap> {
  const build = () => bundleWardenWorkflows(opts.logger);
  return opts.bundleCacheDir ? cachedWorkflowBundle(opts.bundleCacheDir, build) : build();
}

// Webpack's progress chatter is dropped; its warnings and errors reach Warden's logger.
function bundlerLogger(logger?: Logger) {
  const quiet = () => undefined;
  return {
    trace: quiet,
    debug: quiet,
    info: quiet,
    log: quiet,
    warn: (message: string, meta?: Record<string, unknown>) =>
      logger ? logger.warn(message, { component: 'workflow-bundler', ...meta }) : console.warn(message, meta ?? ''),
    error: (message: string, meta?: Record<string, unknown>) =>
      logger ? logger.error(message, { component: 'workflow-bundler', ...meta }) : console.error(message, meta ?? ''),
  };
}
