import type { RecordReviewDecisionInput, RecordReviewDecisionResult, Signed } from '../../lib/contracts';
import { startProof } from '../actor-proof';
import { reviewGovernance } from '../activity-options';

/**
 * One reviewer click. Its own small workflow (id from the Slack action) rather than a signal to the
 * review, so 100,000 decisions never land in one workflow's history.
 */
export async function recordReviewDecision(input: Signed<RecordReviewDecisionInput>): Promise<RecordReviewDecisionResult> {
  return reviewGovernance.recordReviewDecision({ proof: startProof(input) });
}
