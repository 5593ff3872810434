import { getExternalWorkflowHandle, log } from '@temporalio/workflow';
import type { ReviewTally, SettleReviewBatchInput } from '../../lib/contracts';
import { accessGovernance, reviewGovernance } from '../activity-options';
import { describeFailure } from '../keys/progress-thread';
import { raiseRotationIfAdmin } from '../access/raise-departed-admin-rotation';
import { revokeGrantSignal } from '../messages';

/**
 * One batch of a closing review, in its own workflow so the review's history stays small at any size.
 * Revocations go through the grant workflows: a time-bound grant's request workflow is signalled (its
 * timer ends, its message and DM say why); the activity revoked the others with the same grant rules.
 */
export async function settleReviewBatch(input: SettleReviewBatchInput): Promise<{ next: string | null; tally: ReviewTally }> {
  const { next, tally, signals, revokedAdmins } = await reviewGovernance.settleReviewItems(input);
  for (const s of signals) {
    try {
      await getExternalWorkflowHandle(s.workflowId).signal(revokeGrantSignal, { actorSlackId: s.actorSlackId, reason: s.reason });
    } catch (err) {
      log.info('Grant workflow not reachable; revoking directly', { grantId: s.grantId, error: describeFailure(err) });
      await accessGovernance.revokeGrant({ grantId: s.grantId, actorSlackId: s.actorSlackId, reason: s.reason });
    }
  }
  for (const admin of revokedAdmins) {
    await raiseRotationIfAdmin({ role: 'admin', memberSlackId: admin.memberSlackId, requestId: admin.grantId, onCall: input.onCall });
  }
  return { next, tally };
}
