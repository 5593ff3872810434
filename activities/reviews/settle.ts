import { SYSTEM_ACTOR, type ActorProof, type ReviewTally, type SettleReviewBatchInput } from '../../lib/contracts';
import { auditStepKey } from '../audit/audit-step';
import type { ActivityDeps } from '../deps';
import { requireActor } from '../trust/require-actor';

export interface GrantToSignal {
  workflowId: string;
  grantId: string;
  actorSlackId: string;
  reason: string;
}

/**
 * Closing a review, one page of items, in set-based statements (lib/db review-settlement): every outcome from
 * its decision and the missed-review policy, every grant that must go revoked in one guarded UPDATE. A
 * time-bound grant is left to its own request workflow, which the caller signals, so its expiry timer ends
 * cleanly. A "change role" decision revokes the grant; the access request for the new role opens after the
 * review closed (role-requests.ts): nothing is granted here. Only Warden's own review may settle (its assertion is checked).
 * Safe to repeat: the UPDATE changes only grants still approved, audit events carry idempotency keys.
 * What comes back is small: counts, and the few grants that need a message.
 */
export function createSettleReviewItems(d: Pick<ActivityDeps, 'reviews' | 'audit' | 'clock' | 'actorAssertions'>) {
  return async function settleReviewItems({ proof }: { proof: ActorProof<SettleReviewBatchInput> }): Promise<{
    next: string | null;
    tally: ReviewTally;
    signals: GrantToSignal[];
    revokedAdmins: Array<{ memberSlackId: string; grantId: string }>;
    /** Builders own API keys: those are raised for rotation too, as when a builder grant is revoked or expires. */
    revokedBuilders: Array<{ memberSlackId: string; grantId: string }>;
  }> {
    const input = proof.signed;
    await requireActor(d, { proof, claimedActor: SYSTEM_ACTOR, target: input.reviewId });
    const page = await d.reviews.settlePage(input.reviewId, input.afterItemId, input.limit);
    const tally: ReviewTally = { kept: 0, revoked: 0, roleChanged: 0, revokedMissed: 0, flagged: 0 };
    if (!page.last) return { next: null, tally, signals: [], revokedAdmins: [], revokedBuilders: [] };
    const range = { reviewId: input.reviewId, afterItemId: input.afterItemId, lastItemId: page.last };

    const ended = await d.reviews.revokePage({ ...range, missedPolicy: input.missedPolicy, now: d.clock() });
    const revokedHere = ended.filter((g) => !g.workflowId);
    // Concurrent appends share one transaction of the audit log's group commit.
    await Promise.all(
      revokedHere.map((g) =>
        d.audit.append({
          ...auditStepKey(`revoke:${g.itemId}`),
          actor: g.actorSlackId,
          action: 'access.revoked',
          target: `${g.memberSlackId}/${g.role}`,
          outcome: 'succeeded',
          details: { grantId: g.grantId, role: g.role, reason: g.reason, reviewId: input.reviewId },
        }),
      ),
    );
    const counts = await d.reviews.recordPageOutcomes({ ...range, missedPolicy: input.missedPolicy });
    tally.kept = counts.kept;
    tally.revoked = counts.revoked;
    tally.roleChanged = counts.role_changed;
    tally.revokedMissed = counts.revoked_missed;
    tally.flagged = counts.flagged;

    return {
      next: page.size === input.limit ? page.last : null,
      tally,
      signals: ended.filter((g) => g.workflowId).map((g) => ({ workflowId: g.workflowId!, grantId: g.grantId, actorSlackId: g.actorSlackId, reason: g.reason })),
      // A retry after the revoke still reports the admin (the rotation notice is deduplicated by its workflow id).
      revokedAdmins: revokedHere.filter((g) => g.role === 'admin').map((g) => ({ memberSlackId: g.memberSlackId, grantId: g.grantId })),
      revokedBuilders: revokedHere.filter((g) => g.role === 'builder').map((g) => ({ memberSlackId: g.memberSlackId, grantId: g.grantId })),
    };
  };
}
