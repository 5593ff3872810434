// The key-add baseline, bundled by its own Worker.create({ workflowsPath }): deterministic workflow code,
// like workflows/, so no Node builtins and activities by type only.
import { proxyActivities } from '@temporalio/workflow';
import type { trivialActivities } from './activities';

const { noop } = proxyActivities<typeof trivialActivities>({ startToCloseTimeout: '30s' });

/** `count` no-op activities one after another, as addProviderKey awaits its activities one at a time. */
export async function sequentialNoops(count: number): Promise<number> {
  for (let step = 0; step < count; step++) await noop(step);
  return count;
}
