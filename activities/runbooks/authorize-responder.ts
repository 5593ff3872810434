import { isOrgAdmin } from '../../lib/access/org-admin';
import { ERROR_CODES, WardenError } from '../../lib/errors';
import { auditDenial } from '../audit/require-org-admin';
import type { OnCallActivityDeps } from './deps';

export const NOT_RESPONDER_MESSAGE = 'Only org admins and the configured on-call people (WARDEN_ONCALL_USERS) can run the key-leak runbook.';

/** Admins, or the people on call: a leak cannot wait for an admin to wake up. */
export async function isResponder(d: Pick<OnCallActivityDeps, 'members' | 'onCall'>, slackUserId: string, now: Date): Promise<boolean> {
  return d.onCall.users.includes(slackUserId) || (await isOrgAdmin(d.members, slackUserId, now));
}

/** The authority check inside the workflow (the bot checked already, for fast feedback). Refusals are audited. */
export function createAuthorizeResponder(d: Pick<OnCallActivityDeps, 'members' | 'onCall' | 'audit' | 'clock'>) {
  return async function authorizeResponder(input: { actorSlackId: string; action: string; target: string; requestId: string }): Promise<void> {
    if (await isResponder(d, input.actorSlackId, d.clock())) return;
    await auditDenial(d, input, 'neither admin nor on-call');
    throw new WardenError(ERROR_CODES.roleNotHeld, NOT_RESPONDER_MESSAGE);
  };
}
