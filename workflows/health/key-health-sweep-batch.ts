import { log } from '@temporalio/workflow';
import type { HealthSweepBatchInput, HealthSweepBatchSummary, Signed } from '../../lib/contracts';
import { startProof } from '../actor-proof';
import { oncall, oncallSweepBatch } from '../activity-options';
import { describeFailure } from '../workflow-helpers';

/**
 * One batch of the health sweep: the activity checks the batch's keys (paced per provider) and answers only the
 * keys whose alert state changes; this posts their alerts and recoveries, one per key per incident (the alert
 * state is remembered when the alert is posted, so the next sweep finds the key alerting and stays quiet).
 */
export async function keyHealthSweepBatch(input: Signed<HealthSweepBatchInput>): Promise<HealthSweepBatchSummary> {
  const channel = input.settings.alertChannel;
  const r = await oncallSweepBatch.checkKeyBatch({ proof: startProof(input) });
  const alerted: string[] = [];
  const recovered: string[] = [];
  await Promise.all(
    r.transitions.map(async (key) => {
      try {
        if (key.transition === 'alert') {
          await oncall.raiseKeyAlert({ channel, key });
          alerted.push(key.keyId);
        } else {
          await oncall.clearKeyAlert({ channel, key, previousVerdict: key.previousVerdict });
          recovered.push(key.keyId);
        }
      } catch (err) {
        // One alert that cannot be posted must not hold back the others; the next sweep tries it again.
        log.warn('Health alert of a key not posted', { keyId: key.keyId, error: describeFailure(err) });
      }
    }),
  );
  return { next: r.next, checked: r.checked, healthy: r.healthy, frozen: r.frozen, deferred: r.deferred, alerted: alerted.sort(), recovered: recovered.sort() };
}
