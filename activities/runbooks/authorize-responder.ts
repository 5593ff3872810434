import { isOrgAdmin } from '../../lib/access/org-admin';
import type { ActorProof } from '../../lib/contracts';
import { ERROR_CODES, WardenError } from '../../lib/errors';
import { auditDenial } from '../audit/require-org-admin';
import type { ActivityDeps } from '../deps';
import { requireActor } from '../trust/require-actor';

export const NOT_RESPONDER_MESSAGE = 'Only org admins and the configured on-call people (WARDEN_ONCALL_USERS) can run the key-leak runbook.';

/** Admins, or the people on call: a leak cannot wait for an admin to wake up. */
export async function isResponder(d: Pick<ActivityDeps, 'members' | 'onCall'>, slackUserId: string, now: Date): Promise<boolean> {
  return d.onCall.users.includes(slackUserId) || (await isOrgAdmin(d.members, slackUserId, now));
}

/**
 * The authority check for the runbook's start and for every click in its thread (the bot checked already,
 * for fast feedback): the click is proven to come from this person, and the person is a responder.
 * Refusals are audited.
 */
export function createAuthorizeResponder(d: Pick<ActivityDeps, 'members' | 'onCall' | 'audit' | 'clock' | 'actorAssertions'>) {
  return async function authorizeResponder(input: { proof: ActorProof; actorSlackId: string; action: string; target: string; requestId: string }): Promise<void> {
    await requireActor(d, { proof: input.proof, claimedActor: input.actorSlackId, target: input.target, requestId: input.requestId });
    if (await isResponder(d, input.actorSlackId, d.clock())) return;
    await auditDenial(d, input, 'neither admin nor on-call');
    throw new WardenError(ERROR_CODES.roleNotHeld, NOT_RESPONDER_MESSAGE);
  };
}
