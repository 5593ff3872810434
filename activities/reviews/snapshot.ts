import { SYSTEM_ACTOR, type ActorProof } from '../../lib/contracts';
import { auditStepKey } from '../audit/audit-step';
import { requireOrgAdmin } from '../audit/require-org-admin';
import type { ActivityDeps } from '../deps';
import { requireActor } from '../trust/require-actor';

type Deps = Pick<ActivityDeps, 'reviews' | 'audit' | 'clock' | 'members' | 'actorAssertions'>;

/** Opening a review: the row, then the snapshot a batch of members at a time (each batch safe to repeat). */
export function createSnapshotActivities(d: Deps) {
  return {
    /** Its schedule (Warden's assertion) or an admin (theirs, and the admin role checked again here) opens it. */
    async openReview(input: { proof: ActorProof; reviewId: string; deadlineMs: number; startedBySlackId?: string }): Promise<{ deadline: string }> {
      const actor = input.startedBySlackId ?? SYSTEM_ACTOR;
      await requireActor(d, { proof: input.proof, claimedActor: actor, target: 'membership-review', requestId: input.reviewId });
      if (input.startedBySlackId) {
        await requireOrgAdmin(d, { actorSlackId: actor, action: 'review.start', target: 'membership', requestId: input.reviewId }, 'Only org admins can start a membership review.');
      }
      const deadline = new Date(d.clock().getTime() + input.deadlineMs);
      await d.reviews.open(input.reviewId, deadline);
      const review = await d.reviews.get(input.reviewId);
      await d.audit.append({
        ...auditStepKey(),
        actor: input.startedBySlackId ?? 'schedule',
        action: 'review.opened',
        target: input.reviewId,
        outcome: 'succeeded',
        details: { deadline: review?.deadline },
      });
      return { deadline: (review?.deadline ?? deadline).toISOString() };
    },

    async snapshotReviewBatch(input: { reviewId: string; afterMemberId: string | null; limit: number; inactiveAfterMs: number }) {
      const now = d.clock();
      const admins = await d.reviews.adminSlackIds(now);
      return d.reviews.snapshotBatch({ ...input, now, inactiveBefore: new Date(now.getTime() - input.inactiveAfterMs), admins });
    },

    /** Where each page of members starts, so the review can snapshot several pages side by side. */
    async memberPageStarts(input: { limit: number }): Promise<Array<string | null>> {
      return d.reviews.memberPageStarts(input.limit);
    },

    async finishReviewSnapshot(input: { reviewId: string }) {
      const counts = await d.reviews.finishSnapshot(input.reviewId);
      await d.audit.append({ ...auditStepKey(), actor: 'warden', action: 'review.snapshot', target: input.reviewId, outcome: 'succeeded', details: { ...counts } });
      return counts;
    },

    /** Where each page of reviewers starts, so the review can DM several pages side by side. */
    async reviewerPageStarts(input: { reviewId: string; limit: number }): Promise<Array<string | null>> {
      return d.reviews.reviewerPageStarts(input.reviewId, input.limit);
    },

    /** Where each page of items starts, so the review can settle several pages side by side. */
    async settlePageStarts(input: { reviewId: string; limit: number }): Promise<Array<string | null>> {
      return d.reviews.settlePageStarts(input.reviewId, input.limit);
    },

    async reviewProgress(input: { reviewId: string }): Promise<{ total: number; decided: number }> {
      return d.reviews.progress(input.reviewId);
    },
  };
}
