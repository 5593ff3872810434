import { isOrgAdmin } from '../../lib/access/org-admin';
import { ERROR_CODES, WardenError } from '../../lib/errors';
import { auditStepKey } from '../audit/audit-step';
import type { KeyActivityDeps } from './deps';

export interface AuthorizeKeyAdminInput {
  actorSlackId: string;
  action: string;
  target: string;
  requestId: string;
}

/** The authority on who may change keys: the bot checks too, but only for fast feedback. */
export function createAuthorizeKeyAdmin(d: Pick<KeyActivityDeps, 'members' | 'audit' | 'clock'>) {
  return async function authorizeKeyAdmin(input: AuthorizeKeyAdminInput): Promise<void> {
    if (await isOrgAdmin(d.members, input.actorSlackId, d.clock())) return;
    await d.audit.append({
      ...auditStepKey('denied'),
      actor: input.actorSlackId,
      action: input.action,
      target: input.target,
      outcome: 'denied',
      requestId: input.requestId,
      details: { reason: 'admin role not held' },
    });
    throw new WardenError(ERROR_CODES.roleNotHeld, `Only org admins can change provider keys; <@${input.actorSlackId}> is not an admin.`);
  };
}
