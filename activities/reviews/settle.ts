import { SYSTEM_ACTOR, type ActorProof, type ReviewRoleRequest, type ReviewTally, type SettleReviewBatchInput } from '../../lib/contracts';
import type { ReviewItemView } from '../../lib/db';
import { auditStepKey } from '../audit/audit-step';
import type { ActivityDeps } from '../deps';
import { requireActor } from '../trust/require-actor';

export interface GrantToSignal {
  workflowId: string;
  grantId: string;
  actorSlackId: string;
  reason: string;
}

type Outcome = 'kept' | 'revoked' | 'role_changed' | 'revoked_missed' | 'flagged';
const TALLY_KEY: Record<Outcome, keyof ReviewTally> = { kept: 'kept', revoked: 'revoked', role_changed: 'roleChanged', revoked_missed: 'revokedMissed', flagged: 'flagged' };

/**
 * Closing a review, one batch of items: decide each outcome (the missed-review policy for undecided ones)
 * and revoke what must go. A time-bound grant is left to its own request workflow, which the caller
 * signals, so its expiry timer ends cleanly; every other grant is revoked here. A "change role" decision
 * revokes the grant and hands back the access request the caller opens for the new role: nothing is
 * granted here. Only Warden's own review may settle (its assertion is checked). Safe to repeat.
 */
export function createSettleReviewItems(d: Pick<ActivityDeps, 'reviews' | 'roleGrants' | 'audit' | 'clock' | 'actorAssertions'>) {
  return async function settleReviewItems({ proof }: { proof: ActorProof<SettleReviewBatchInput> }): Promise<{
    next: string | null;
    tally: ReviewTally;
    signals: GrantToSignal[];
    revokedAdmins: Array<{ memberSlackId: string; grantId: string }>;
    roleRequests: ReviewRoleRequest[];
  }> {
    const input = proof.signed;
    await requireActor(d, { proof, claimedActor: SYSTEM_ACTOR, target: input.reviewId });
    const items = await d.reviews.itemsAfter(input.reviewId, input.afterItemId, input.limit);
    const tally: ReviewTally = { kept: 0, revoked: 0, roleChanged: 0, revokedMissed: 0, flagged: 0 };
    const roleRequests: ReviewRoleRequest[] = [];
    const signals: GrantToSignal[] = [];
    const revokedAdmins: Array<{ memberSlackId: string; grantId: string }> = [];
    const outcomes: Array<{ id: string; outcome: Outcome }> = [];
    const now = d.clock();

    async function revoke(item: ReviewItemView, actor: string, reason: string): Promise<void> {
      const grant = await d.roleGrants.get(item.grantId);
      // A retry after the revoke still reports the admin (the rotation notice is deduplicated by its workflow id).
      if (grant?.status === 'revoked' && item.role === 'admin') revokedAdmins.push({ memberSlackId: item.memberSlackId, grantId: grant.id });
      if (!grant || grant.status !== 'approved') return; // already ended some other way
      if (grant.workflowId && grant.expiresAt && grant.expiresAt > now) {
        signals.push({ workflowId: grant.workflowId, grantId: grant.id, actorSlackId: actor, reason });
        return;
      }
      const result = await d.roleGrants.revoke(grant.id, actor, now, reason);
      if (item.role === 'admin') revokedAdmins.push({ memberSlackId: item.memberSlackId, grantId: grant.id });
      await d.audit.append({
        ...auditStepKey(`revoke:${item.id}`),
        actor,
        action: 'access.revoked',
        target: `${item.memberSlackId}/${item.role}`,
        outcome: result.changed ? 'succeeded' : 'skipped',
        details: { grantId: grant.id, role: item.role, reason, reviewId: item.reviewId },
      });
    }

    for (const item of items) {
      let outcome: Outcome;
      if (item.decision === 'keep') outcome = 'kept';
      else if (item.decision === 'revoke') {
        await revoke(item, item.decidedBySlackId ?? 'warden', `membership review ${item.reviewId}: revoked by reviewer`);
        outcome = 'revoked';
      } else if (item.decision === 'change_role' && item.newRole) {
        const grant = await d.roleGrants.get(item.grantId);
        await revoke(item, item.decidedBySlackId ?? 'warden', `membership review ${item.reviewId}: role to change to ${item.newRole}, on approval`);
        if (item.decidedBySlackId) {
          roleRequests.push({
            itemId: item.id,
            memberSlackId: item.memberSlackId,
            requesterSlackId: item.decidedBySlackId,
            fromRole: item.role,
            role: item.newRole,
            endsAt: grant?.expiresAt?.toISOString() ?? null,
          });
        }
        outcome = 'role_changed';
      } else if (item.contractor && input.missedPolicy === 'revoke-contractors') {
        await revoke(item, 'warden', `membership review ${item.reviewId}: contractor not reviewed in time`);
        outcome = 'revoked_missed';
      } else outcome = 'flagged';
      tally[TALLY_KEY[outcome]] += 1;
      outcomes.push({ id: item.id, outcome });
    }
    await d.reviews.setOutcomes(outcomes);
    return { next: items.length === input.limit ? items[items.length - 1]!.id : null, tally, signals, revokedAdmins, roleRequests };
  };
}
