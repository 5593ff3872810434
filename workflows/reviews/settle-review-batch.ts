import { getExternalWorkflowHandle, log } from '@temporalio/workflow';
import { assertedAction, GRANT_MESSAGES, type ActorProof, type ReviewTally, type SettleReviewBatchInput, type Signed } from '../../lib/contracts';
import type { GrantToSignal } from '../../activities/reviews';
import { startProof } from '../actor-proof';
import { accessGovernance, reviewGovernance, trust } from '../activity-options';
import { raiseRotationIfAdmin } from '../access/raise-departed-admin-rotation';
import { revokeGrantSignal } from '../messages';
import { describeFailure } from '../workflow-helpers';

/**
 * One batch of a closing review, in its own workflow so the review's history stays small at any size.
 * Revocations go through the grant workflows: a time-bound grant's request workflow is signalled (its
 * timer ends, its message and DM say why); the activity revoked the others with the same grant rules.
 * A reviewer's "change role" only revokes here; its access request opens once the review has closed
 * (openReviewRoleRequests).
 */
export async function settleReviewBatch(input: Signed<SettleReviewBatchInput>): Promise<{ next: string | null; tally: ReviewTally }> {
  const proof = startProof(input);
  const { next, tally, signals, revokedAdmins, revokedBuilders } = await reviewGovernance.settleReviewItems({ proof });
  // Side by side: each is a few events, and one workflow task can schedule them all.
  await Promise.all(signals.map((s) => signalRevocation(s, proof)));
  const revokedKeyHolders = [
    ...revokedAdmins.map((g) => ({ ...g, role: 'admin' as const })),
    // Absent from an activity result recorded before builders were raised: a replay of it raises nobody new.
    ...(revokedBuilders ?? []).map((g) => ({ ...g, role: 'builder' as const })),
  ];
  await Promise.all(revokedKeyHolders.map((g) => raiseRotationIfAdmin({ role: g.role, memberSlackId: g.memberSlackId, requestId: g.grantId, onCall: input.onCall })));
  return { next, tally };
}

/** A time-bound grant ends through its request workflow (its timer ends, its message says why); else directly. */
async function signalRevocation(s: GrantToSignal, proof: ActorProof<SettleReviewBatchInput>): Promise<void> {
  const request = { actorSlackId: s.actorSlackId, reason: s.reason };
  try {
    const assertion = await trust.assertForWorkflow({ actor: s.actorSlackId, action: assertedAction.signal(GRANT_MESSAGES.revoke), workflowId: s.workflowId, args: request });
    await getExternalWorkflowHandle(s.workflowId).signal(revokeGrantSignal, { ...request, assertion });
  } catch (err) {
    log.info('Grant workflow not reachable; revoking directly', { grantId: s.grantId, error: describeFailure(err) });
    await accessGovernance.revokeGrant({ grantId: s.grantId, actorSlackId: s.actorSlackId, reason: s.reason, proof });
  }
}
