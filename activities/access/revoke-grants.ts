import type { ActorProof, Role } from '../../lib/contracts';
import { ERROR_CODES, WardenError } from '../../lib/errors';
import { requireOrgAdmin } from '../audit/require-org-admin';
import type { ActivityDeps } from '../deps';
import { requireActor } from '../trust/require-actor';

export interface GrantToRevoke {
  grantId: string;
  /** The request workflow holding this grant's expiry timer; it is told by signal so the timer ends cleanly. */
  timerWorkflowId: string | null;
}

/** Early revoke: only admins, and only grants that are in force now. */
export function createFindGrantsToRevoke(d: Pick<ActivityDeps, 'roleGrants' | 'members' | 'audit' | 'clock' | 'actorAssertions'>) {
  return async function findGrantsToRevoke(input: { proof: ActorProof; actorSlackId: string; memberSlackId: string; role: Role; requestId: string }): Promise<GrantToRevoke[]> {
    const now = d.clock();
    const target = `${input.memberSlackId}/${input.role}`;
    await requireActor(d, { proof: input.proof, claimedActor: input.actorSlackId, target, requestId: input.requestId });
    await requireOrgAdmin(d, { actorSlackId: input.actorSlackId, action: 'access.revoke', target, requestId: input.requestId }, 'Only org admins can revoke access.');
    if (input.role === 'admin' && input.memberSlackId === input.actorSlackId) {
      // Still allowed (stepping down), but other admins must remain or nobody can govern.
      const others = await d.roleGrants.countHolders('admin', now, input.actorSlackId);
      if (others === 0) throw new WardenError(ERROR_CODES.invalidInput, 'You are the last admin; grant admin to someone else before giving it up.');
    }
    const grants = await d.roleGrants.activeGrants(input.memberSlackId, input.role, now);
    if (grants.length === 0) throw new WardenError(ERROR_CODES.grantNotFound, `<@${input.memberSlackId}> does not hold the ${input.role} role.`);
    return grants.map((g) => ({ grantId: g.id, timerWorkflowId: g.expiresAt && g.workflowId ? g.workflowId : null }));
  };
}
