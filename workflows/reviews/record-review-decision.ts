import type { RecordReviewDecisionInput, RecordReviewDecisionResult } from '../../lib/contracts';
import { reviewGovernance } from '../activity-options';

/**
 * One reviewer click. Its own small workflow (id from the Slack action) rather than a signal to the
 * review, so 100,000 decisions never land in one workflow's history.
 */
export async function recordReviewDecision(input: RecordReviewDecisionInput): Promise<RecordReviewDecisionResult> {
  return reviewGovernance.recordReviewDecision(input);
}
