import { isOrgAdmin } from '../../lib/access/org-admin';
import { SYSTEM_ACTOR, type ActorProof, type GrantDecision, type Role } from '../../lib/contracts';
import type { RoleGrantView } from '../../lib/db';
import { ERROR_CODES, WardenError } from '../../lib/errors';
import { auditStepKey } from '../audit/audit-step';
import { refuseApprovalClick } from './approval-click';
import { auditDenial } from '../audit/require-org-admin';
import type { ActivityDeps } from '../deps';
import { refuseUnderBreakGlass } from '../trust/refuse-under-break-glass';
import { requireActor } from '../trust/require-actor';

type Deps = Pick<ActivityDeps, 'roleGrants' | 'members' | 'audit' | 'breakGlass' | 'clock' | 'actorAssertions'>;

const BREAK_GLASS_SCOPE = 'access-grants';

/** What a workflow needs of a grant row: plain strings, no Dates (workflow history is JSON). */
export interface GrantSummary {
  grantId: string;
  status: string;
  changed: boolean;
  approvals: Array<{ slackUserId: string; at: string }>;
  expiresAt: string | null;
  endedAt: string | null;
}

function summary(grant: RoleGrantView, changed = true): GrantSummary {
  return {
    grantId: grant.id,
    status: grant.status,
    changed,
    approvals: grant.approvals.map((a) => ({ slackUserId: a.approverSlackId, at: a.at.toISOString() })),
    expiresAt: grant.expiresAt?.toISOString() ?? null,
    endedAt: grant.endedAt?.toISOString() ?? null,
  };
}

const target = (g: RoleGrantView) => `${g.member.slackUserId}/${g.role}`;

export function createGrantRequestActivities(d: Deps) {
  async function load(grantId: string): Promise<RoleGrantView> {
    const grant = await d.roleGrants.get(grantId);
    if (!grant) throw new WardenError(ERROR_CODES.grantNotFound, `Grant ${grantId} does not exist.`);
    return grant;
  }

  return {
    /** Records the request (once per Slack request) and audits it. The member must be a named, registered person. */
    async openGrantRequest(input: {
      proof: ActorProof;
      requestId: string;
      memberSlackId: string;
      role: Role;
      requesterSlackId: string;
      reason: string;
      durationSeconds: number | null;
    }): Promise<GrantSummary> {
      await requireActor(d, { proof: input.proof, claimedActor: input.requesterSlackId, target: `${input.memberSlackId}/${input.role}`, requestId: input.requestId });
      if (!(await d.members.findBySlackId(input.requesterSlackId))) {
        throw new WardenError(ERROR_CODES.memberNotFound, 'Only registered members can request access. Ask an admin to add you with `/warden access member add`.');
      }
      await refuseUnderBreakGlass(d, BREAK_GLASS_SCOPE, 'requesting access');
      const { workflowId } = auditStepKey();
      const { proof: _proof, ...request } = input;
      const grant = await d.roleGrants.openRequest({ ...request, workflowId });
      await d.audit.append({
        ...auditStepKey(),
        actor: input.requesterSlackId,
        action: 'access.requested',
        target: target(grant),
        outcome: 'succeeded',
        requestId: input.requestId,
        details: { grantId: grant.id, role: input.role, durationSeconds: input.durationSeconds, reason: input.reason },
      });
      return summary(grant);
    },

    /**
     * The authority on whether a click counts (the bot checked too, for fast feedback). A refused
     * click is audited and changes nothing.
     */
    async authorizeGrantDecision(input: GrantDecision & { proof: ActorProof; grantId: string; allowedApprovers: string[] }): Promise<{ allowed: boolean; reason?: string }> {
      const grant = await load(input.grantId);
      let reason = await refuseApprovalClick(d, {
        proof: input.proof,
        approverSlackId: input.approverSlackId,
        target: target(grant),
        requesterSlackId: grant.grantedBySlackId,
        memberSlackId: grant.member.slackUserId,
        allowedApprovers: input.allowedApprovers,
      });
      if (!reason && input.decision === 'approve') {
        const flag = await d.breakGlass.isBlocked(BREAK_GLASS_SCOPE);
        if (flag) reason = `Break-glass is on for ${flag.scope} (${flag.reason}): nothing can be approved until an admin lifts it.`;
      }
      if (!reason && grant.role === 'admin' && input.decision === 'approve' && !input.confirmedAdminGrant) {
        reason = 'An admin grant needs the explicit confirmation dialog; use the Approve button.';
      }
      await d.audit.append({
        ...auditStepKey(),
        actor: input.approverSlackId,
        action: `access.${input.decision}`,
        target: target(grant),
        outcome: reason ? 'denied' : 'succeeded',
        details: { grantId: grant.id, role: grant.role, ...(reason ? { reason } : {}) },
      });
      return reason ? { allowed: false, reason } : { allowed: true };
    },

    async recordGrantApproval(input: { grantId: string; approverSlackId: string }): Promise<GrantSummary> {
      return summary(await d.roleGrants.addApproval(input.grantId, input.approverSlackId, d.clock()));
    },

    /** Makes the grant effective now; a time-bound grant's expiry is fixed here, from the approval time. */
    async approveGrant(input: { grantId: string; approverSlackIds: string[]; endsAt?: string }): Promise<GrantSummary> {
      const grant = await load(input.grantId);
      const now = d.clock();
      const expiresAt = input.endsAt ? new Date(input.endsAt) : grant.durationSeconds ? new Date(now.getTime() + grant.durationSeconds * 1000) : null;
      const approvedBy = input.approverSlackIds.join(',');
      const result = await d.roleGrants.approve(grant.id, approvedBy, now, expiresAt);
      await d.audit.append({
        ...auditStepKey(),
        actor: approvedBy,
        action: 'access.granted',
        target: target(grant),
        outcome: result.changed ? 'succeeded' : 'skipped',
        details: { grantId: grant.id, role: grant.role, expiresAt: result.grant.expiresAt, status: result.grant.status },
      });
      return summary(result.grant, result.changed);
    },

    async denyGrant(input: { grantId: string; deniedBySlackId: string }): Promise<GrantSummary> {
      const result = await d.roleGrants.deny(input.grantId, input.deniedBySlackId, d.clock(), 'denied by approver');
      await d.audit.append({
        ...auditStepKey(),
        actor: input.deniedBySlackId,
        action: 'access.denied',
        target: target(result.grant),
        outcome: result.changed ? 'succeeded' : 'skipped',
        details: { grantId: input.grantId, role: result.grant.role },
      });
      return summary(result.grant, result.changed);
    },

    /** An undecided request running out, or a time-bound grant reaching its end. */
    async expireGrant(input: { grantId: string; reason: string }): Promise<GrantSummary> {
      const result = await d.roleGrants.expire(input.grantId, d.clock(), input.reason);
      await d.audit.append({
        ...auditStepKey(),
        actor: 'warden',
        action: 'access.expired',
        target: target(result.grant),
        outcome: result.changed ? 'succeeded' : 'skipped',
        details: { grantId: input.grantId, role: result.grant.role, reason: input.reason },
      });
      return summary(result.grant, result.changed);
    },

    /**
     * Ends a grant early. The actor is proven, and must be an admin, unless Warden itself vouches (a closing
     * membership review revoking what a reviewer decided, checked when the decision was recorded).
     */
    async revokeGrant(input: { grantId: string; actorSlackId: string; reason: string; proof: ActorProof }): Promise<GrantSummary> {
      const grant = await load(input.grantId);
      const proven = await requireActor(d, { proof: input.proof, claimedActor: input.actorSlackId, target: target(grant) });
      const vouched = proven.actor === SYSTEM_ACTOR || proven.via !== undefined;
      if (!vouched && !(await isOrgAdmin(d.members, proven.actor, d.clock()))) {
        const check = { actorSlackId: input.actorSlackId, action: 'access.revoke', target: target(grant) };
        await auditDenial(d, check, 'admin role not held');
        throw new WardenError(ERROR_CODES.roleNotHeld, 'Only org admins can revoke access.');
      }
      const result = await d.roleGrants.revoke(input.grantId, input.actorSlackId, d.clock(), input.reason);
      await d.audit.append({
        ...auditStepKey(),
        actor: input.actorSlackId,
        action: 'access.revoked',
        target: target(result.grant),
        outcome: result.changed ? 'succeeded' : 'skipped',
        details: { grantId: input.grantId, role: result.grant.role, reason: input.reason },
      });
      return summary(result.grant, result.changed);
    },
  };
}
