import { isOrgAdmin } from '../../lib/access/org-admin';
import type { ActorProof, RecordReviewDecisionInput, RecordReviewDecisionResult } from '../../lib/contracts';
import { auditStepKey } from '../audit/audit-step';
import type { ActivityDeps } from '../deps';
import { requireActor } from '../trust/require-actor';

/** A reviewer's Keep / Revoke / Change role. Only the assigned reviewer (or an admin), never about themselves. */
export function createRecordReviewDecision(d: Pick<ActivityDeps, 'reviews' | 'members' | 'audit' | 'clock' | 'actorAssertions'>) {
  return async function recordReviewDecision({ proof }: { proof: ActorProof<RecordReviewDecisionInput> }): Promise<RecordReviewDecisionResult> {
    const input = proof.signed;
    await requireActor(d, { proof, claimedActor: input.reviewerSlackId, target: `review-item:${input.itemId}`, requestId: input.requestId });
    const item = await d.reviews.getItem(input.itemId);
    if (!item) return { accepted: false, message: 'This review item no longer exists.' };
    const now = d.clock();
    let refusal: string | null = null;
    if (!(await d.members.findBySlackId(input.reviewerSlackId))) refusal = 'Only registered members can review.';
    else if (input.reviewerSlackId === item.memberSlackId) refusal = 'You cannot review your own access.';
    else if (input.reviewerSlackId !== item.reviewerSlackId && !(await isOrgAdmin(d.members, input.reviewerSlackId, now))) {
      refusal = `This member is assigned to <@${item.reviewerSlackId}> for review.`;
    } else if (input.decision === 'change_role' && (!input.newRole || input.newRole === item.role)) refusal = 'Choose a different role.';
    const decided = refusal ? null : await d.reviews.decide({ itemId: item.id, decision: input.decision, newRole: input.decision === 'change_role' ? input.newRole : null, bySlackId: input.reviewerSlackId, now });
    if (!refusal && !decided) refusal = 'This review has closed; decisions can no longer change.';
    await d.audit.append({
      ...auditStepKey(),
      actor: input.reviewerSlackId,
      action: 'review.decision',
      target: `${item.memberSlackId}/${item.role}`,
      outcome: refusal ? 'denied' : 'succeeded',
      requestId: input.requestId,
      details: { reviewId: item.reviewId, itemId: item.id, decision: input.decision, newRole: input.newRole, ...(refusal ? { reason: refusal } : {}) },
    });
    if (refusal) return { accepted: false, message: refusal };
    if (input.decision === 'change_role') {
      return {
        accepted: true,
        message: `Recorded: when the review closes, <@${item.memberSlackId}>'s ${item.role} role is revoked and your request for *${input.newRole}* goes to the approvers (someone else must approve it).`,
      };
    }
    return { accepted: true, message: `Recorded: *${input.decision}* for <@${item.memberSlackId}>'s ${item.role} role.` };
  };
}
