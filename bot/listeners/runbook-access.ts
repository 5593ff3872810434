import { isOrgAdmin } from '../../lib/access/org-admin';
import type { BotDeps } from '../deps';
import { auditSlackDenial, type AdminCheck } from '../middleware/require-admin';

export const NOT_RESPONDER_MESSAGE =
  ':no_entry: Only org admins and the on-call people (WARDEN_ONCALL_USERS) can run the key-leak runbook. Tell an admin or the on-call person.';

/** Fast feedback for the runbook's commands and buttons; refusals are audited. The workflow checks again. */
export async function isResponderOrAuditDenial(
  deps: Pick<BotDeps, 'roles' | 'audit' | 'clock' | 'onCallSettings'>,
  check: AdminCheck,
): Promise<boolean> {
  if (deps.onCallSettings.onCallUsers.includes(check.slackUserId)) return true;
  if (await isOrgAdmin(deps.roles, check.slackUserId, deps.clock())) return true;
  await auditSlackDenial(deps, check, 'neither admin nor on-call');
  return false;
}
