import { approvalRefusal } from '../../lib/access/approval-rules';
import { dsarApprovalWording, holdsDsarRole } from '../../lib/access/dsar-roles';
import type { DsarDecision, DsarDecisionResult } from '../../lib/contracts';
import type { DsarRequestView } from '../../lib/db';
import { ERROR_CODES, isWardenError } from '../../lib/errors';
import { decideDsarUpdate } from '../../workflows/messages';
import type { BotDeps } from '../deps';

/**
 * Fast feedback for a click on a data-subject request, with the same four-eyes rules as role grants (the
 * workflow's activity checks again as the authority). Returns why the click cannot count, after auditing it.
 */
export async function refuseDsarClick(
  deps: Pick<BotDeps, 'members' | 'roles' | 'audit' | 'clock' | 'dsarSettings'>,
  request: DsarRequestView,
  click: { clickerSlackId: string; decision: DsarDecision['decision']; requestId: string },
): Promise<string | null> {
  const roles = deps.dsarSettings.roles;
  const member = await deps.members.findBySlackId(click.clickerSlackId);
  const refusal = approvalRefusal({
    clickerSlackId: click.clickerSlackId,
    clickerIsMember: member !== null,
    clickerIsAdmin: member !== null && (await holdsDsarRole(deps.roles, click.clickerSlackId, roles, deps.clock())),
    requesterSlackId: request.requesterSlackId,
    memberSlackId: '',
    allowedApprovers: [],
    wording: dsarApprovalWording(roles),
  });
  if (!refusal) return null;
  await deps.audit.append({
    idempotencyKey: `slack:${click.requestId}:dsar.${click.decision}:denied`,
    actor: click.clickerSlackId,
    action: `dsar.${click.decision}`,
    target: `subject:${request.subjectPseudonym}`,
    outcome: 'denied',
    requestId: request.id,
    details: { reason: refusal, via: 'slack' },
  });
  return refusal;
}

export function closedDsarMessage(request: DsarRequestView | null): string | null {
  if (!request) return 'This request no longer exists.';
  if (request.status !== 'pending') return `This request is already ${request.status}.`;
  return null;
}

/** Hands the decision to the request workflow and answers with what it said. */
export async function sendDsarDecision(deps: Pick<BotDeps, 'workflows'>, workflowId: string, decision: DsarDecision): Promise<DsarDecisionResult> {
  try {
    return await deps.workflows.update(workflowId, decideDsarUpdate, decision.approverSlackId, decision);
  } catch (err) {
    if (isWardenError(err) && err.code === ERROR_CODES.workflowClosed) return { accepted: false, message: 'This request is already closed.', state: 'fulfilled' };
    throw err;
  }
}
