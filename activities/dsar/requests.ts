import { dsarApprovalWording, dsarRolesText, holdsDsarRole } from '../../lib/access/dsar-roles';
import { dsarSubjectRef, type ActorProof, type DsarDecision, type DsarKind, type DsarVerification, type Role } from '../../lib/contracts';
import type { DsarRequestView } from '../../lib/db';
import { ERROR_CODES, WardenError } from '../../lib/errors';
import { refuseApprovalClick } from '../access/approval-click';
import { auditStepKey } from '../audit/audit-step';
import { auditDenial } from '../audit/require-org-admin';
import type { ActivityDeps } from '../deps';
import { requireActor } from '../trust/require-actor';
import type { DsarServices } from './dsar-services';
import { openSubject, subjectTarget } from './subject';

type Deps = Pick<ActivityDeps, 'members' | 'audit' | 'actorAssertions' | 'clock' | 'sealedSecrets' | 'sealer'> & { dsar: DsarServices };

/** What a workflow needs of a request row: plain strings (workflow history is JSON), no subject. */
export interface DsarSummary {
  requestId: string;
  status: string;
  pseudonym: string;
  deadlineAt: string;
  approvals: Array<{ slackUserId: string; at: string }>;
}

const summary = (r: DsarRequestView): DsarSummary => ({
  requestId: r.id,
  status: r.status,
  pseudonym: r.subjectPseudonym,
  deadlineAt: r.deadlineAt.toISOString(),
  approvals: r.approvals.map((a) => ({ slackUserId: a.approverSlackId, at: a.at.toISOString() })),
});

export function createDsarRequestActivities(d: Deps) {
  async function load(requestId: string): Promise<DsarRequestView> {
    const r = await d.dsar.requests.get(requestId);
    if (!r) throw new WardenError(ERROR_CODES.invalidInput, `Data-subject request ${requestId} does not exist.`);
    return r;
  }

  return {
    /**
     * Records the request once (its id is the workflow's) with its legal deadline, counted from when the
     * workflow started. Only holders of the DSAR roles may open one; a refusal is audited.
     */
    async openDsarRequest(input: {
      proof: ActorProof;
      requestId: string;
      kind: DsarKind;
      subjectRef: string;
      subjectLabel: string;
      regime: string;
      deadlineMs: number;
      openedAt: string;
      requesterSlackId: string;
      verification: DsarVerification;
      reason: string;
      roles: Role[];
    }): Promise<DsarSummary> {
      const subject = await openSubject(d, input.subjectRef);
      const pseudonym = d.dsar.pseudonym(subject);
      const target = subjectTarget(pseudonym);
      await requireActor(d, { proof: input.proof, claimedActor: input.requesterSlackId, target, requestId: input.requestId });
      if (!(await holdsDsarRole(d.members, input.requesterSlackId, input.roles, d.clock()))) {
        await auditDenial(d, { actorSlackId: input.requesterSlackId, action: `dsar.${input.kind}.request`, target, requestId: input.requestId }, 'DSAR role not held');
        throw new WardenError(ERROR_CODES.roleNotHeld, `Only holders of the ${dsarRolesText(input.roles)} role can make data-subject requests.`);
      }
      const openedAt = new Date(input.openedAt);
      const row = await d.dsar.requests.open({
        id: input.requestId,
        kind: input.kind,
        subjectPseudonym: pseudonym,
        subjectLabel: input.subjectLabel,
        regime: input.regime,
        requesterSlackId: input.requesterSlackId,
        verifiedBySlackId: input.verification.verifiedBySlackId,
        verificationMethod: input.verification.method,
        verificationNote: input.verification.note,
        reason: input.reason,
        openedAt,
        deadlineAt: new Date(openedAt.getTime() + input.deadlineMs),
      });
      await d.audit.append({
        ...auditStepKey(),
        actor: input.requesterSlackId,
        action: `dsar.${input.kind}.requested`,
        target,
        outcome: 'succeeded',
        requestId: input.requestId,
        details: {
          regime: input.regime,
          deadlineAt: row.deadlineAt.toISOString(),
          verification: { method: input.verification.method, verifiedBy: input.verification.verifiedBySlackId },
        },
      });
      return summary(row);
    },

    /** The authority on whether a click counts: the four-eyes rules shared with role grants, plus a denial's reason. */
    async authorizeDsarDecision(input: DsarDecision & { proof: ActorProof; requestId: string; roles: Role[] }): Promise<{ allowed: boolean; reason?: string }> {
      const r = await load(input.requestId);
      const target = subjectTarget(r.subjectPseudonym);
      let reason = await refuseApprovalClick(d, {
        proof: input.proof,
        approverSlackId: input.approverSlackId,
        target,
        requesterSlackId: r.requesterSlackId,
        memberSlackId: '',
        allowedApprovers: [],
        isApprover: (id, now) => holdsDsarRole(d.members, id, input.roles, now),
        wording: dsarApprovalWording(input.roles),
      });
      if (!reason && input.decision === 'deny' && !input.reason?.trim()) reason = 'A denial needs a reason: the requester is told it.';
      await d.audit.append({
        ...auditStepKey(),
        actor: input.approverSlackId,
        action: `dsar.${input.decision}`,
        target,
        outcome: reason ? 'denied' : 'succeeded',
        requestId: input.requestId,
        details: { kind: r.kind, ...(reason ? { reason } : {}) },
      });
      return reason ? { allowed: false, reason } : { allowed: true };
    },

    async recordDsarApproval(input: { requestId: string; approverSlackId: string }): Promise<DsarSummary> {
      return summary(await d.dsar.requests.addApproval(input.requestId, input.approverSlackId, d.clock()));
    },

    async decideDsar(input: { requestId: string; decision: 'approved' | 'denied'; bySlackId: string; denialReason?: string }): Promise<DsarSummary> {
      const r = await d.dsar.requests.decide(input.requestId, {
        status: input.decision,
        bySlackId: input.bySlackId,
        at: d.clock(),
        ...(input.denialReason ? { denialReason: input.denialReason } : {}),
      });
      await d.audit.append({
        ...auditStepKey(),
        actor: input.bySlackId,
        action: `dsar.${r.kind}.${input.decision}`,
        target: subjectTarget(r.subjectPseudonym),
        outcome: 'succeeded',
        requestId: input.requestId,
        details: input.denialReason ? { reason: input.denialReason } : {},
      });
      // Denied, the request will never act on its subject: the sealed address goes now, not at the next sweep.
      if (input.decision === 'denied') await d.sealedSecrets.removeUnclaimed(dsarSubjectRef(input.requestId));
      return summary(r);
    },

    async finishDsar(input: { requestId: string; status: 'fulfilled' | 'failed'; note: string }): Promise<DsarSummary> {
      const r = await d.dsar.requests.finish(input.requestId, input.status, d.clock());
      await d.audit.append({
        ...auditStepKey(),
        actor: 'warden',
        action: `dsar.${r.kind}.${input.status}`,
        target: subjectTarget(r.subjectPseudonym),
        outcome: input.status === 'fulfilled' ? 'succeeded' : 'failed',
        requestId: input.requestId,
        details: { note: input.note },
      });
      // Fulfilled or failed, the request is over (a failed one is opened anew): the sealed address goes now.
      await d.sealedSecrets.removeUnclaimed(dsarSubjectRef(input.requestId));
      return summary(r);
    },

    /** A deadline threshold reached while the request was still open (50 %, 80 %, the deadline itself). */
    async auditDsarDeadline(input: { requestId: string; threshold: string }): Promise<void> {
      const r = await load(input.requestId);
      await d.audit.append({
        ...auditStepKey(),
        actor: 'warden',
        action: input.threshold === 'deadline' ? 'dsar.deadline_passed' : input.threshold.startsWith('overdue') ? 'dsar.deadline_overdue' : 'dsar.deadline_reminder',
        target: subjectTarget(r.subjectPseudonym),
        outcome: 'succeeded',
        requestId: input.requestId,
        details: { threshold: input.threshold, deadlineAt: r.deadlineAt.toISOString(), status: r.status },
      });
    },
  };
}
