import type { Role } from '../../lib/contracts';
import { ERROR_CODES, WardenError } from '../../lib/errors';
import { requireOrgAdmin } from '../audit/require-org-admin';
import type { AccessActivityDeps } from './deps';

export interface GrantToRevoke {
  grantId: string;
  /** The request workflow holding this grant's expiry timer; it is told by signal so the timer ends cleanly. */
  timerWorkflowId: string | null;
}

/** Early revoke: only admins, and only grants that are in force now. */
export function createFindGrantsToRevoke(d: Pick<AccessActivityDeps, 'roleGrants' | 'members' | 'audit' | 'clock'>) {
  return async function findGrantsToRevoke(input: { actorSlackId: string; memberSlackId: string; role: Role; requestId: string }): Promise<GrantToRevoke[]> {
    const now = d.clock();
    const target = `${input.memberSlackId}/${input.role}`;
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
