import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, DefaultLogger, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleWardenWorkflows } from '../../activities/worker';
import { temporalCliPath } from '../../lib/temporal/cli-path';

let runtimeInstalled = false;
const sdkLogLines: string[] = [];

/**
 * Everything the Temporal SDK itself logged in this test file (worker lifecycle, workflow and activity
 * logs and failures, at DEBUG), each entry as one JSON line: the secret-leak test reads it.
 */
export function sdkLogs(): string[] {
  return sdkLogLines;
}

/**
 * The real Temporal dev server: the pinned CLI built by scripts/ensure-temporal-cli.sh when present,
 * else the SDK's normal cached download (a connected laptop).
 */
export async function startTemporal(): Promise<TestWorkflowEnvironment> {
  if (!runtimeInstalled) {
    // Captured, not printed (they would bury test output); errors still show.
    Runtime.install({
      logger: new DefaultLogger('DEBUG', (entry) => {
        sdkLogLines.push(JSON.stringify({ level: entry.level, message: entry.message, meta: entry.meta }, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
        if (entry.level === 'ERROR') console.error(`[temporal] ${entry.message}`);
      }),
    });
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
