import { SYSTEM_ACTOR, type ActorAssertion, type ActorProof, type OpenReviewRoleRequestsInput, type ReviewRoleRequest, type Unsigned } from '../../lib/contracts';
import { currentWorkflowId } from '../audit/audit-step';
import type { ActivityDeps } from '../deps';
import { requireActor } from '../trust/require-actor';

type Deps = Pick<ActivityDeps, 'actorAssertions' | 'slack' | 'logger' | 'reviews' | 'audit'>;

/**
 * A closed review's "change role" decisions, a page at a time: one activity reads the page, one signs every
 * access request it opens and one tells the members, instead of two per request, so a page of a hundred
 * requests costs a handful of events and worker tasks.
 */
export function createReviewRoleRequestActivities(d: Deps) {
  return {
    /** Only Warden's own review opens them (its assertion is checked). */
    async reviewRoleRequestPage({ proof }: { proof: ActorProof<OpenReviewRoleRequestsInput> }): Promise<{ next: string | null; requests: ReviewRoleRequest[] }> {
      const input = proof.signed;
      await requireActor(d, { proof, claimedActor: SYSTEM_ACTOR, target: input.reviewId });
      const rows = await d.reviews.roleRequestsAfter(input.reviewId, input.afterItemId, input.limit);
      const requests = rows.map((r) => ({ itemId: r.itemId, memberSlackId: r.memberSlackId, requesterSlackId: r.requesterSlackId, fromRole: r.fromRole, role: r.role, endsAt: r.endsAt?.toISOString() ?? null }));
      return { next: rows.length === input.limit ? rows[rows.length - 1]!.itemId : null, requests };
    },

    /**
     * Warden's assertions for the access requests a reviewer asked for (the batch's workflow verified each
     * reviewer's decision when it was recorded); the settle workflow that asked is recorded as `via`.
     */
    async assertRoleRequests(input: { requests: Array<{ actor: string; action: string; workflowId: string; args: Unsigned<object> }> }): Promise<ActorAssertion[]> {
      const via = currentWorkflowId();
      const signed: ActorAssertion[] = [];
      for (const r of input.requests) signed.push(await d.actorAssertions.sign({ ...r, via }));
      return signed;
    },

    /** One DM per member whose role the review ended for a requested new one, in a fixed order (exactly-once keys). */
    async notifyRoleRequestMembers(input: { notices: Array<{ user: string; text: string }> }): Promise<{ sent: number; failed: number }> {
      let sent = 0;
      for (const n of input.notices) {
        try {
          await d.slack.sendDirectMessage({ user: n.user, text: n.text });
          sent += 1;
        } catch (err) {
          // Best effort, as one DM to a person Slack cannot reach must not hold up the others.
          d.logger.warn('Could not tell a member about their requested role', { user: n.user, err });
        }
      }
      return { sent, failed: input.notices.length - sent };
    },
  };
}
