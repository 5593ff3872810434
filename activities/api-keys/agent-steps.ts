import type { ActorProof, SetAgentInput } from '../../lib/contracts';
import { ERROR_CODES, WardenError } from '../../lib/errors';
import { auditDenial } from '../audit/require-org-admin';
import { auditStepKey } from '../audit/audit-step';
import type { ActivityDeps } from '../deps';
import { requireActor } from '../trust/require-actor';

/** Admins and builders keep the registry current from Slack; the platform does it through the API. */
const MAY_REGISTER = new Set(['admin', 'builder']);

/**
 * `/warden agents set …`: proven to come from this person, who must hold admin or builder (the database is the
 * authority; the bot's check was fast feedback), then saved the same way the platform's PUT saves it.
 */
export function createSaveAgentFromSlack(d: Pick<ActivityDeps, 'actorAssertions' | 'audit' | 'members' | 'clock' | 'registerAgent'>) {
  return async function saveAgentFromSlack(input: SetAgentInput & { proof: ActorProof }) {
    const { agent } = input;
    const target = `${agent.name}/${agent.environment}`;
    await requireActor(d, { proof: input.proof, claimedActor: input.actorSlackId, target, requestId: input.requestId });
    const roles = await d.members.activeRoles(input.actorSlackId, d.clock());
    if (!roles.some((r) => MAY_REGISTER.has(r))) {
      await auditDenial(d, { actorSlackId: input.actorSlackId, action: 'agent.registered', target, requestId: input.requestId }, 'admin or builder role not held');
      throw new WardenError(ERROR_CODES.roleNotHeld, `Only admins and builders can register agents; <@${input.actorSlackId}> is neither.`);
    }
    const step = auditStepKey();
    return d.registerAgent({
      name: agent.name,
      fields: { environment: agent.environment, ownerTeam: agent.ownerTeam, teamContact: agent.teamContact, uses: agent.uses, keyPolicies: agent.keyPolicies },
      actor: input.actorSlackId,
      via: 'slack',
      idempotencyKey: step.idempotencyKey,
      requestId: input.requestId,
      workflowId: step.workflowId,
    });
  };
}
