import { isOrgAdmin } from '../../lib/access/org-admin';
import type { BotDeps } from '../deps';

export interface AdminCheck {
  slackUserId: string;
  action: string;
  target: string;
  /** Identifies the Slack request, so a redelivery audits the refusal once. */
  requestId: string;
}

export const NOT_ADMIN_MESSAGE = ':no_entry: Only org admins can change provider keys. Ask an admin, or request the admin role.';

/** Fast feedback only: the workflow's activity checks again as the authority. Refusals are audited. */
export async function isAdminOrAuditDenial(deps: Pick<BotDeps, 'roles' | 'audit' | 'clock'>, check: AdminCheck): Promise<boolean> {
  if (await isOrgAdmin(deps.roles, check.slackUserId, deps.clock())) return true;
  await auditSlackDenial(deps, check, 'admin role not held');
  return false;
}

/** A refusal in Slack, audited once per Slack request (a redelivery finds the same idempotency key). */
export async function auditSlackDenial(deps: Pick<BotDeps, 'audit'>, check: AdminCheck, reason: string): Promise<void> {
  await deps.audit.append({
    idempotencyKey: `slack:${check.requestId}:${check.action}:denied`,
    actor: check.slackUserId,
    action: check.action,
    target: check.target,
    outcome: 'denied',
    requestId: check.requestId,
    details: { reason, via: 'slack' },
  });
}
