import { isOrgAdmin } from '../../lib/access/org-admin';
import type { BotDeps } from '../deps';

export const NOT_RESPONDER_MESSAGE =
  ':no_entry: Only org admins and the on-call people (WARDEN_ONCALL_USERS) can run the key-leak runbook. Tell an admin or the on-call person.';

/** Fast feedback for the runbook's commands and buttons; refusals are audited. The workflow checks again. */
export async function isResponderOrAuditDenial(
  deps: Pick<BotDeps, 'members' | 'audit' | 'clock' | 'onCallSettings'>,
  check: { slackUserId: string; action: string; target: string; requestId: string },
): Promise<boolean> {
  if (deps.onCallSettings.onCallUsers.includes(check.slackUserId)) return true;
  if (await isOrgAdmin(deps.members, check.slackUserId, deps.clock())) return true;
  await deps.audit.append({
    idempotencyKey: `slack:${check.requestId}:${check.action}:denied`,
    actor: check.slackUserId,
    action: check.action,
    target: check.target,
    outcome: 'denied',
    requestId: check.requestId,
    details: { reason: 'neither admin nor on-call', via: 'slack' },
  });
  return false;
}
