import type { BotDeps } from '../deps';
import type { GeminiPayer } from '../blocks/usage';
import { auditSlackDenial } from '../middleware/require-admin';

export const NOT_BUILDER_MESSAGE = ':no_entry: Only builders and admins can ingest knowledge. Ask for the builder role with `/warden access request`.';

/** Fast feedback only (the workflow checks again as the authority): builders and admins may ingest. Refusals are audited. */
export async function mayIngestOrAuditDenial(deps: Pick<BotDeps, 'roles' | 'audit' | 'clock'>, slackUserId: string, requestId: string): Promise<boolean> {
  if (await mayIngest(deps, slackUserId)) return true;
  await auditIngestDenial(deps, slackUserId, requestId);
  return false;
}

/** The role check alone, from the in-memory role view (no I/O before a view submission's ack). */
export async function mayIngest(deps: Pick<BotDeps, 'roles' | 'clock'>, slackUserId: string): Promise<boolean> {
  const roles = await deps.roles.activeRoles(slackUserId, deps.clock());
  return roles.includes('admin') || roles.includes('builder');
}

export function auditIngestDenial(deps: Pick<BotDeps, 'audit'>, slackUserId: string, requestId: string): Promise<void> {
  return auditSlackDenial(deps, { slackUserId, action: 'ingestion.start', target: 'ingestion', requestId }, 'builder or admin role not held');
}

/** The org hosted quotas belong to: the Enterprise Grid org for an org-wide install, else the workspace. */
export function orgIdOf(p: { teamId?: string | null; enterpriseId?: string | null; isEnterpriseInstall?: boolean | string | null }): string {
  const enterprise = p.isEnterpriseInstall === true || p.isEnterpriseInstall === 'true';
  return (enterprise && p.enterpriseId) || p.teamId || p.enterpriseId || 'unknown-org';
}

/** Who would pay for Gemini now: the org's active production key, else the hosted key unless Gemini is BYOK-only. No decryption. */
export async function geminiPayer(deps: Pick<BotDeps, 'keys' | 'policies'>): Promise<GeminiPayer> {
  if (await deps.keys.findActive('gemini', 'production')) return 'org';
  return (await deps.policies.isByokOnly('gemini')) ? 'none' : 'hosted';
}
