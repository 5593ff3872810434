import { log } from '@temporalio/workflow';
import type { HealthSweepInput, HealthSweepSummary } from '../../lib/contracts';
import { oncall, oncallProviderCalls } from '../activity-options';
import { describeFailure } from '../keys/progress-thread';

/**
 * The scheduled health check: list models with every active key, store each result, and post only changes —
 * one alert when a key turns unusable, one recovery when it works again. Outages and rate limits are stored
 * but never alert per key.
 */
export async function keyHealthSweep(input: HealthSweepInput): Promise<HealthSweepSummary> {
  const summary: HealthSweepSummary = { checked: 0, healthy: 0, alerted: [], recovered: [], findings: [] };
  const channel = input.settings.alertChannel;
  for (const key of await oncall.listKeysForSweep()) {
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
      // One unreadable key must not stop the checks of the others.
      log.warn('Health check of a key failed', { keyId: key.keyId, error: describeFailure(err) });
    }
  }
  const text = `${summary.checked} active key(s) checked, ${summary.healthy} healthy.`;
  summary.findings = await oncall.reportFindings({ channel, summary: text });
  return summary;
}
