import { SYSTEM_ACTOR, type ActorProof } from '../../lib/contracts';
import type { ActorAssertions } from '../../lib/crypto';
import type { AuditLog } from '../../lib/db';
import { ERROR_CODES, WardenError } from '../../lib/errors';
import { auditStepKey, currentWorkflowId } from '../audit/audit-step';

export interface ActorCheck {
  proof: ActorProof;
  /**
   * Who the request says acted: it must be the assertion's actor, unless Warden itself signed (a review
   * recording the reviewer whose decision it carries out, checked when that decision was recorded).
   */
  claimedActor: string;
  /** What the refusal is recorded against (a key slot, a grant, an incident). */
  target: string;
  requestId?: string;
}

/**
 * The proof every activity acting on someone's behalf asks for first. Anyone who can reach the Temporal
 * frontend can start a workflow or send a signal naming any approver; only Warden's bot (or Warden itself)
 * holds the key to sign one. A refusal is audited and fails the step for good: retrying cannot make it true.
 */
export async function requireActor(d: { actorAssertions: ActorAssertions; audit: Pick<AuditLog, 'append'> }, check: ActorCheck): Promise<{ actor: string; via?: string }> {
  const workflowId = currentWorkflowId();
  const verdict = await d.actorAssertions.verify(check.proof.signed?.assertion, {
    action: check.proof.action,
    workflowId,
    args: check.proof.signed ?? {},
    receivedAt: new Date(check.proof.receivedAt),
  });
  const reason = !verdict.ok
    ? verdict.reason
    : verdict.actor !== check.claimedActor && verdict.actor !== SYSTEM_ACTOR
      ? `signed for ${verdict.actor}, not for ${check.claimedActor}`
      : null;
  if (reason === null && verdict.ok) return { actor: verdict.actor, ...(verdict.via ? { via: verdict.via } : {}) };
  await d.audit.append({
    ...auditStepKey('actor-refused'),
    actor: check.claimedActor,
    action: 'security.actor_unproven',
    target: check.target,
    outcome: 'denied',
    requestId: check.requestId,
    details: { attempted: check.proof.action, workflowId, reason },
  });
  throw new WardenError(
    ERROR_CODES.actorUnproven,
    `Refused: this request could not be proven to come from <@${check.claimedActor}> through Warden (${reason}). Nothing was changed; run the command again in Slack.`,
  );
}
