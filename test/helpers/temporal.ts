import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, DefaultLogger, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleWardenWorkflows } from '../../activities/worker';
import { temporalCliPath } from '../../lib/temporal/cli-path';

let runtimeInstalled = false;

/**
 * The real Temporal dev server: the pinned CLI built by scripts/ensure-temporal-cli.sh when present,
 * else the SDK's normal cached download (a connected laptop).
 */
export async function startTemporal(): Promise<TestWorkflowEnvironment> {
  if (!runtimeInstalled) {
    // The SDK's own logs (worker start/stop) would bury test output; errors still show.
    Runtime.install({ logger: new DefaultLogger('ERROR') });
    runtimeInstalled = true;
  }
  const path = temporalCliPath();
  return TestWorkflowEnvironment.createLocal({
    server: { executable: path ? { type: 'existing-path', path } : { type: 'cached-download' }, extraArgs: ['--log-level', 'error'] },
  });
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** Bundling takes seconds; one bundle per test file serves every worker it starts. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWardenWorkflows();
  return bundle;
}
