import { QUOTA_FEATURE_LABELS, QUOTA_FEATURES, workflowIds } from '../../../lib/contracts';
import type { setHostedQuota } from '../../../workflows';
import { payerLine, usageLines } from '../../blocks/usage';
import { isAdminOrAuditDenial } from '../../middleware/require-admin';
import { geminiPayer, orgIdOf } from '../ingest-access';
import type { CommandHandler } from './types';

/** `/warden usage`: this month's hosted usage per feature against its limit, who used it, and who pays now. */
export const showUsage: CommandHandler<{ kind: 'usage.show' }> = async ({ command }, _parsed, deps) => {
  const now = deps.clock();
  const orgId = orgIdOf({ teamId: command.team_id, enterpriseId: command.enterprise_id, isEnterpriseInstall: command.is_enterprise_install });
  const [usage, payer] = await Promise.all([deps.hostedQuotas.usage(orgId, QUOTA_FEATURES, now), geminiPayer(deps)]);
  return { text: `${usageLines(usage, now, { byUser: true })}\n${payerLine(payer)}\nAdmins change a limit with \`/warden usage limit <image-recognition|media-transcription> <units>\`.` };
};

/** `/warden usage limit <feature> <units>` (admins): runs the audited `setHostedQuota` workflow and reports the change. */
export const setUsageLimit: CommandHandler<{ kind: 'usage.limit'; feature: (typeof QUOTA_FEATURES)[number]; monthlyLimit: number }> = async ({ command }, parsed, deps) => {
  const requestId = command.trigger_id;
  const target = `quota:${parsed.feature}`;
  if (!(await isAdminOrAuditDenial(deps, { slackUserId: command.user_id, action: 'quota.limit_set', target, requestId }))) {
    return { text: ':no_entry: Only org admins can change hosted quota limits.' };
  }
  const workflowId = workflowIds.setHostedQuota(parsed.feature, requestId);
  const orgId = orgIdOf({ teamId: command.team_id, enterpriseId: command.enterprise_id, isEnterpriseInstall: command.is_enterprise_install });
  await deps.workflows.startOnce<typeof setHostedQuota>('setHostedQuota', {
    workflowId,
    actor: command.user_id,
    input: { requestId: workflowId, orgId, actorSlackId: command.user_id, feature: parsed.feature, monthlyLimit: parsed.monthlyLimit },
  });
  try {
    const result = await deps.workflows.result<typeof setHostedQuota>(workflowId);
    return { text: `:white_check_mark: ${result.text}` };
  } catch {
    return { text: `:x: ${QUOTA_FEATURE_LABELS[parsed.feature]}: the limit was not changed; you got a DM saying why.` };
  }
};
