import { PROVIDER_LABELS, type ActorProof, type Provider } from '../../lib/contracts';
import { requireOrgAdmin } from '../audit/require-org-admin';
import type { ActivityDeps } from '../deps';
import { refuseUnderBreakGlass } from '../trust/refuse-under-break-glass';
import { requireActor } from '../trust/require-actor';

export interface AuthorizeKeyAdminInput {
  proof: ActorProof;
  actorSlackId: string;
  /** key.add, key.rotate, key.revoke or provider.policy. */
  action: string;
  /** `<provider>/<environment>` for a key, `<provider>` for a policy. */
  target: string;
  requestId: string;
}

/**
 * The authority on who may change keys (the bot checks too, but only for fast feedback): the request must
 * be proven to come from this person, the person must be an org admin, and break-glass on the slot stops
 * adding or rotating keys. Revoking is never stopped: it only takes a key out of use.
 */
export function createAuthorizeKeyAdmin(d: Pick<ActivityDeps, 'members' | 'audit' | 'clock' | 'actorAssertions' | 'breakGlass'>) {
  return async function authorizeKeyAdmin(input: AuthorizeKeyAdminInput): Promise<void> {
    await requireActor(d, { proof: input.proof, claimedActor: input.actorSlackId, target: input.target, requestId: input.requestId });
    await requireOrgAdmin(d, input, `Only org admins can change provider keys; <@${input.actorSlackId}> is not an admin.`);
    if (input.action === 'key.add' || input.action === 'key.rotate') {
      const [provider, environment] = input.target.split('/') as [Provider, string];
      await refuseUnderBreakGlass(d, `key:${input.target}`, `adding or rotating ${PROVIDER_LABELS[provider] ?? provider} ${environment} keys`);
    }
  };
}
