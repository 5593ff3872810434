import type { ActorProof } from '../../lib/contracts';
import { ERROR_CODES, WardenError } from '../../lib/errors';
import { auditDenial } from '../audit/require-org-admin';
import type { ActivityDeps } from '../deps';
import { refuseUnderBreakGlass } from '../trust/refuse-under-break-glass';
import { requireActor } from '../trust/require-actor';

type Deps = Pick<ActivityDeps, 'actorAssertions' | 'audit' | 'members' | 'breakGlass' | 'clock'>;

// Knowledge feeds the platform's agents: builders (who own agents and knowledge) and admins may ingest.
const MAY_INGEST = new Set(['admin', 'builder']);

/** The authority for an ingestion: who asked is proven, may ingest, and break-glass is not on for ingestion. */
export function createAuthorizeIngestion(d: Deps) {
  return async function authorizeIngestion(input: { proof: ActorProof; actorSlackId: string; requestId: string; items: number }): Promise<void> {
    await requireActor(d, { proof: input.proof, claimedActor: input.actorSlackId, target: 'ingestion', requestId: input.requestId });
    const check = { actorSlackId: input.actorSlackId, action: 'ingestion.start', target: 'ingestion', requestId: input.requestId };
    const roles = await d.members.activeRoles(input.actorSlackId, d.clock());
    if (!roles.some((r) => MAY_INGEST.has(r))) {
      await auditDenial(d, check, 'builder or admin role not held');
      throw new WardenError(ERROR_CODES.roleNotHeld, 'Only builders and admins can ingest knowledge. Ask an admin for the builder role (`/warden access request`).');
    }
    await refuseUnderBreakGlass(d, 'ingestion', 'knowledge ingestion');
  };
}

/** An item's child workflow acts for the person its parent proved; Warden's delegated assertion says so. */
export async function requireItemActor(d: Pick<ActivityDeps, 'actorAssertions' | 'audit'>, proof: ActorProof, actorSlackId: string, itemKey: string): Promise<void> {
  await requireActor(d, { proof, claimedActor: actorSlackId, target: `ingestion:${itemKey}` });
}
