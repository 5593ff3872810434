import { log } from '@temporalio/workflow';
import type { HealthSweepInput, HealthSweepSummary, Signed } from '../../lib/contracts';
import { startProof } from '../actor-proof';
import { oncall, oncallProviderCalls } from '../activity-options';
import { describeFailure } from '../workflow-helpers';

/**
 * The sweep as it ran before batches: every key one after another in this workflow. Only a sweep started by that
 * version replays through here (workflow.patched), so it finishes instead of failing its replay and, the schedule
 * skipping overlaps, holding back every sweep after it. New sweeps run in batches (key-health-sweep.ts).
 */
export async function legacyKeyHealthSweep(input: Signed<HealthSweepInput>): Promise<HealthSweepSummary> {
  const summary: HealthSweepSummary = { checked: 0, healthy: 0, alerted: [], recovered: [], findings: [], frozen: 0 };
  const channel = input.settings.alertChannel;
  const { keys, frozen } = await oncall.listKeysForSweep({ proof: startProof(input) });
  summary.frozen = frozen;
  for (const key of keys) {
    try {
      const check = await oncallProviderCalls.checkKeyForSweep({ keyId: key.keyId });
      if (!check) continue;
      summary.checked += 1;
      if (check.verdict === 'valid') summary.healthy += 1;
      if (check.transition === 'alert') {
        await oncall.raiseKeyAlert({ channel, key: check });
        summary.alerted.push(key.keyId);
      } else if (check.transition === 'recover') {
        await oncall.clearKeyAlert({ channel, key: check, previousVerdict: check.previousVerdict });
        summary.recovered.push(key.keyId);
      }
    } catch (err) {
      log.warn('Health check of a key failed', { keyId: key.keyId, error: describeFailure(err) });
    }
  }
  const text = `${summary.checked} active key(s) checked, ${summary.healthy} healthy${frozen ? `, ${frozen} not checked (break-glass)` : ''}.`;
  summary.findings = await oncall.reportFindings({ channel, summary: text });
  return summary;
}
