import type { KeyEnvironment, Provider } from '../../../lib/contracts';
import { PROVIDER_LABELS } from '../../../lib/contracts';
import { revokeConfirmation } from '../../blocks/revoke-confirmation';
import { isAdminOrAuditDenial, NOT_ADMIN_MESSAGE } from '../../middleware/require-admin';
import type { CommandHandler } from './types';

/** `/warden keys revoke <provider> <env>`: asks for a button click before anything changes. */
export const confirmRevoke: CommandHandler<{ kind: 'keys.revoke'; provider: Provider; environment: KeyEnvironment }> = async (
  { command },
  parsed,
  deps,
) => {
  const target = `${parsed.provider}/${parsed.environment}`;
  if (!(await isAdminOrAuditDenial(deps, { slackUserId: command.user_id, action: 'key.revoke', target, requestId: command.trigger_id }))) {
    return { text: NOT_ADMIN_MESSAGE };
  }
  const active = await deps.keys.findActive(parsed.provider, parsed.environment);
  if (!active) {
    return { text: `There is no active ${PROVIDER_LABELS[parsed.provider]} ${parsed.environment} key to revoke.` };
  }
  return { ...revokeConfirmation({ ...parsed, keyId: active.id, maskedKey: active.maskedKey, fingerprint: active.fingerprint }) };
};
