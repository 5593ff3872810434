import { looksLikeUtilityAccount } from '../../lib/access/utility-account';
import type { ActorProof, RegisterMemberWorkflowInput } from '../../lib/contracts';
import type { RegisteredMember } from '../../lib/db';
import { auditStepKey } from '../audit/audit-step';
import { requireOrgAdmin } from '../audit/require-org-admin';
import type { ActivityDeps } from '../deps';
import { requireActor } from '../trust/require-actor';

/** Admins name the people whose clicks count. Shared accounts are recorded and flagged, never silently accepted. */
export function createRegisterMember(d: Pick<ActivityDeps, 'memberRegistry' | 'members' | 'audit' | 'clock' | 'actorAssertions'>) {
  return async function registerMember({ proof }: { proof: ActorProof<RegisterMemberWorkflowInput> }): Promise<RegisteredMember> {
    const { assertion: _assertion, ...input } = proof.signed;
    await requireActor(d, { proof, claimedActor: input.actorSlackId, target: input.slackUserId, requestId: input.requestId });
    await requireOrgAdmin(
      d,
      { actorSlackId: input.actorSlackId, action: 'member.register', target: input.slackUserId, requestId: input.requestId },
      'Only org admins can register members.',
    );
    const utilityAccount = input.utilityAccount || looksLikeUtilityAccount(input.email);
    const member = await d.memberRegistry.register({ ...input, utilityAccount });
    await d.audit.append({
      ...auditStepKey(),
      actor: input.actorSlackId,
      action: member.created ? 'member.registered' : 'member.updated',
      target: member.slackUserId,
      outcome: 'succeeded',
      requestId: input.requestId,
      details: { email: member.email, contractor: member.contractor, managerSlackId: member.managerSlackId, utilityAccount },
    });
    if (utilityAccount) {
      await d.audit.append({
        ...auditStepKey('finding'),
        actor: 'warden',
        action: 'member.utility_account_flagged',
        target: member.slackUserId,
        outcome: 'finding',
        requestId: input.requestId,
        details: { email: member.email, rule: 'named users only: shared accounts cannot be held accountable' },
      });
    }
    return member;
  };
}
