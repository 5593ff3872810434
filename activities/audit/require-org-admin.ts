import { isOrgAdmin, type RoleLookup } from '../../lib/access/org-admin';
import type { AuditLog } from '../../lib/db';
import { ERROR_CODES, WardenError } from '../../lib/errors';
import { auditStepKey } from './audit-step';

export interface AuthorityCheck {
  actorSlackId: string;
  action: string;
  target: string;
  requestId?: string;
}

/** Records a refused governance step (once per activity, however often it is retried). */
export async function auditDenial(d: { audit: Pick<AuditLog, 'append'> }, check: AuthorityCheck, reason: string): Promise<void> {
  await d.audit.append({
    ...auditStepKey('denied'),
    actor: check.actorSlackId,
    action: check.action,
    target: check.target,
    outcome: 'denied',
    requestId: check.requestId,
    details: { reason },
  });
}

/**
 * The authority check inside a workflow's activity (the bot checked already, for fast feedback): an
 * admin passes; anyone else is audited and refused with `refusal`, a non-retryable role error.
 */
export async function requireOrgAdmin(
  d: { members: RoleLookup; audit: Pick<AuditLog, 'append'>; clock: () => Date },
  check: AuthorityCheck,
  refusal: string,
): Promise<void> {
  if (await isOrgAdmin(d.members, check.actorSlackId, d.clock())) return;
  await auditDenial(d, check, 'admin role not held');
  throw new WardenError(ERROR_CODES.roleNotHeld, refusal);
}
