import type { RetentionRunInput, RetentionRunSummary, Signed } from '../../lib/contracts';
import { startProof } from '../actor-proof';
import { retention, retentionSlack } from '../activity-options';

/**
 * The daily retention run, started by its schedule under Warden's own assertion: purge what is past its
 * retention (the activity checks the assertion, skips held records and audits the counts), then tell the
 * compliance channel what went. Only counts pass through history, never records.
 */
export async function retentionEnforcement(input: Signed<RetentionRunInput>): Promise<RetentionRunSummary> {
  const summary = await retention.enforceRetentionRun({ proof: startProof(input) });
  if (input.channel) await retentionSlack.postRetentionReport({ channel: input.channel, summary });
  return summary;
}
