import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import type { Logger } from '../lib/log';
import { createActivities, type ActivityDeps } from '.';

export interface WardenWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  dataConverter: DataConverter;
  deps: ActivityDeps;
  /** Pre-built workflow bundle; bundling takes seconds, so tests and restarts reuse one. */
  workflowBundle?: WorkflowBundleWithSourceMap;
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
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowBundle: await bundleWardenWorkflows(opts.logger) }),
  });
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
