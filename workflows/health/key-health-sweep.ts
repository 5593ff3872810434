import { executeChild, patched, workflowInfo } from '@temporalio/workflow';
import { assertedAction, SYSTEM_ACTOR, type HealthSweepBatchSummary, type HealthSweepInput, type HealthSweepSummary, type Signed } from '../../lib/contracts';
import { startProof } from '../actor-proof';
import { oncall, trust } from '../activity-options';
import { keyHealthSweepBatch } from './key-health-sweep-batch';
import { legacyKeyHealthSweep } from './legacy-key-health-sweep';

// Used when a schedule made before the batch size was configurable starts a sweep.
const DEFAULT_BATCH_SIZE = 500;

/**
 * The scheduled health check: list models with every active key, store each result, and post only changes —
 * one alert when a key turns unusable, one recovery when it works again. Outages and rate limits are stored
 * but never alert per key. Keys under break-glass are not used at all, so they are not checked. The keys go
 * in batches, each a child workflow, so this history grows by a few events per batch at any number of keys.
 */
export async function keyHealthSweep(input: Signed<HealthSweepInput>): Promise<HealthSweepSummary> {
  // A sweep started before batches replays the way it started (its history holds one activity per key).
  if (!patched('health-sweep-batches')) return legacyKeyHealthSweep(input);
  await oncall.authorizeHealthSweep({ proof: startProof(input) });
  const summary: HealthSweepSummary = { checked: 0, healthy: 0, alerted: [], recovered: [], findings: [], frozen: 0, deferred: 0, batches: 0 };
  const limit = input.settings.healthSweepBatchSize ?? DEFAULT_BATCH_SIZE;
  for (let after: string | null = null; ; ) {
    const batch = await runBatch(input, after, limit, summary.batches!);
    summary.batches! += 1;
    summary.checked += batch.checked;
    summary.healthy += batch.healthy;
    summary.frozen += batch.frozen;
    summary.deferred! += batch.deferred;
    summary.alerted.push(...batch.alerted);
    summary.recovered.push(...batch.recovered);
    if (!batch.next) break;
    after = batch.next;
  }
  const notChecked = [summary.frozen ? `${summary.frozen} not checked (break-glass)` : '', summary.deferred ? `${summary.deferred} not checked (provider rate limit)` : ''].filter(Boolean);
  const text = `${summary.checked} active key(s) checked, ${summary.healthy} healthy${notChecked.length ? `, ${notChecked.join(', ')}` : ''}.`;
  summary.findings = await oncall.reportFindings({ channel: input.settings.alertChannel, summary: text });
  return summary;
}

/** One batch as a child workflow, started with Warden's own assertion. */
async function runBatch(input: Signed<HealthSweepInput>, afterKeyId: string | null, limit: number, n: number): Promise<HealthSweepBatchSummary> {
  const workflowId = `${workflowInfo().workflowId}:batch:${n}`;
  const args = { afterKeyId, limit, settings: input.settings };
  const assertion = await trust.assertForWorkflow({ actor: SYSTEM_ACTOR, action: assertedAction.start('keyHealthSweepBatch'), workflowId, args });
  return executeChild(keyHealthSweepBatch, { workflowId, args: [{ ...args, assertion }] });
}
