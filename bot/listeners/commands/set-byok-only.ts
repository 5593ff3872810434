import { PROVIDER_LABELS, workflowIds, type Provider } from '../../../lib/contracts';
import type { setProviderPolicy } from '../../../workflows';
import { isAdminOrAuditDenial, NOT_ADMIN_MESSAGE } from '../../middleware/require-admin';
import type { CommandHandler } from './types';

export const setByokOnly: CommandHandler<{ kind: 'keys.byok-only'; provider: Provider; byokOnly: boolean }> = async (
  { command },
  parsed,
  deps,
) => {
  const requestId = command.trigger_id;
  if (!(await isAdminOrAuditDenial(deps, { slackUserId: command.user_id, action: 'provider.policy', target: parsed.provider, requestId }))) {
    return { text: NOT_ADMIN_MESSAGE };
  }
  await deps.workflows.startOnce<typeof setProviderPolicy>('setProviderPolicy', {
    workflowId: workflowIds.providerPolicy(parsed.provider, requestId),
    actor: command.user_id,
    input: { requestId, provider: parsed.provider, byokOnly: parsed.byokOnly, actorSlackId: command.user_id },
  });
  const state = parsed.byokOnly ? 'BYOK-only' : 'allowed to use a hosted key';
  return { text: `Setting ${PROVIDER_LABELS[parsed.provider]} to ${state}; you will get a DM when it is done.` };
};
