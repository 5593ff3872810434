import { dsarRolesText, holdsDsarRole } from '../../lib/access/dsar-roles';
import type { BotDeps } from '../deps';
import { auditSlackDenial } from './require-admin';

/**
 * Fast feedback from the in-memory role view (the workflow's activity checks again as the authority): null when
 * the person holds a DSAR role, else the refusal to show them, audited. Its target is the action, never the subject typed.
 */
export async function refuseWithoutDsarRole(deps: BotDeps, check: { slackUserId: string; action: string; requestId: string }): Promise<string | null> {
  const roles = deps.dsarSettings.roles;
  if (await holdsDsarRole(deps.roles, check.slackUserId, roles, deps.clock())) return null;
  await auditSlackDenial(deps, { slackUserId: check.slackUserId, action: check.action, target: 'dsar', requestId: check.requestId }, 'DSAR role not held');
  return `:no_entry: Only holders of the ${dsarRolesText(roles)} role can ${check.action.startsWith('legal_hold') ? 'place or lift legal holds' : 'make data-subject requests'}.`;
}
