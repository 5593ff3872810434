import type { ActorProof, ReplacementKey } from '../../lib/contracts';
import { ERROR_CODES, WardenError } from '../../lib/errors';
import type { ActivityDeps } from '../deps';
import { requireActor } from '../trust/require-actor';

/**
 * "A replacement key is active" counts only when Warden's key workflow said so on behalf of the admin who
 * added it, and the database agrees: the key is the active one of the incident's slot.
 */
export function createAcceptReplacement(d: Pick<ActivityDeps, 'keys' | 'incidents' | 'audit' | 'actorAssertions'>) {
  return async function acceptReplacement(input: { proof: ActorProof; incidentId: string; replacement: ReplacementKey }): Promise<void> {
    await requireActor(d, { proof: input.proof, claimedActor: input.replacement.actorSlackId, target: input.incidentId });
    const incident = await d.incidents.get(input.incidentId);
    const active = incident ? await d.keys.findActive(incident.provider, incident.environment) : null;
    if (!incident || active?.id !== input.replacement.keyId) {
      throw new WardenError(ERROR_CODES.keyNotFound, `\`${input.replacement.maskedKey}\` is not the active key of this incident's slot, so it cannot count as the replacement.`);
    }
  };
}
