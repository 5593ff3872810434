import { approvalRefusal } from '../../lib/access/approval-rules';
import { isOrgAdmin } from '../../lib/access/org-admin';
import { allowedApprovers, type GrantDecision, type GrantDecisionResult } from '../../lib/contracts';
import { ERROR_CODES, isWardenError } from '../../lib/errors';
import type { RoleGrantView } from '../../lib/db';
import { decideGrantUpdate } from '../../workflows/messages';
import type { BotDeps } from '../deps';

/**
 * Fast feedback for a click on a grant request (the workflow's activity checks again as the authority).
 * Returns why the click cannot count, after auditing the refusal, or null.
 */
export async function refuseGrantClick(
  deps: Pick<BotDeps, 'members' | 'roles' | 'audit' | 'clock' | 'accessSettings'>,
  grant: RoleGrantView,
  click: { clickerSlackId: string; decision: GrantDecision['decision']; requestId: string },
): Promise<string | null> {
  const member = await deps.members.findBySlackId(click.clickerSlackId);
  const refusal = approvalRefusal({
    clickerSlackId: click.clickerSlackId,
    clickerIsMember: member !== null,
    clickerIsAdmin: member !== null && (await isOrgAdmin(deps.roles, click.clickerSlackId, deps.clock())),
    requesterSlackId: grant.grantedBySlackId,
    memberSlackId: grant.member.slackUserId,
    // Lenient here (the escalation group counts too): only the workflow knows whether it has escalated.
    allowedApprovers: allowedApprovers(deps.accessSettings, grant.role, true),
  });
  if (!refusal) return null;
  await deps.audit.append({
    idempotencyKey: `slack:${click.requestId}:access.${click.decision}:denied`,
    actor: click.clickerSlackId,
    action: `access.${click.decision}`,
    target: `${grant.member.slackUserId}/${grant.role}`,
    outcome: 'denied',
    requestId: click.requestId,
    details: { grantId: grant.id, reason: refusal, via: 'slack' },
  });
  return refusal;
}

/** Hands the click to the request workflow and answers with what it said. */
export async function sendGrantDecision(deps: Pick<BotDeps, 'workflows'>, workflowId: string, decision: GrantDecision): Promise<GrantDecisionResult> {
  try {
    return await deps.workflows.update(workflowId, decideGrantUpdate, decision.approverSlackId, decision);
  } catch (err) {
    if (isWardenError(err) && err.code === ERROR_CODES.workflowClosed) return { accepted: false, message: 'This request is already closed.', state: 'expired' };
    throw err;
  }
}

export function closedMessage(grant: RoleGrantView | null): string | null {
  if (!grant) return 'This request no longer exists.';
  if (grant.status !== 'requested') return `This request is already ${grant.status}.`;
  return null;
}
