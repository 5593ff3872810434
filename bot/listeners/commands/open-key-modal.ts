import type { KeyEnvironment, Provider } from '../../../lib/contracts';
import { keyModal } from '../../blocks/key-modal';
import { isAdminOrAuditDenial, NOT_ADMIN_MESSAGE } from '../../middleware/require-admin';
import type { CommandHandler } from './types';

const TRIGGER_ERRORS = new Set(['expired_trigger_id', 'exchanged_trigger_id', 'invalid_arguments']);

type OpenModalCommand = { kind: 'keys.add' } | { kind: 'keys.rotate'; provider: Provider; environment: KeyEnvironment };

/** `/warden keys add` and `/warden keys rotate …`: open the modal at once, the trigger id lives 3 s. */
export const openKeyModal: CommandHandler<OpenModalCommand> = async ({ command, client }, parsed, deps) => {
  const mode = parsed.kind === 'keys.rotate' ? 'rotate' : 'add';
  const target = parsed.kind === 'keys.rotate' ? `${parsed.provider}/${parsed.environment}` : 'keys';
  const allowed = await isAdminOrAuditDenial(deps, {
    slackUserId: command.user_id,
    action: `key.${mode}`,
    target,
    requestId: command.trigger_id,
  });
  if (!allowed) {
    return { text: NOT_ADMIN_MESSAGE };
  }
  const view = keyModal({
    mode,
    channelId: command.channel_id,
    ...(parsed.kind === 'keys.rotate' ? { provider: parsed.provider, environment: parsed.environment } : {}),
  });
  try {
    await client.views.open({ trigger_id: command.trigger_id, view: view as never });
  } catch (err) {
    // A trigger id lives 3 s and works once; Slack answers expired_trigger_id, exchanged_trigger_id or invalid_arguments.
    const slackError = (err as { data?: { error?: string } }).data?.error;
    if (slackError && TRIGGER_ERRORS.has(slackError)) {
      return { text: `:hourglass: Slack did not open the form in time (\`${slackError}\`). Run \`${command.command} ${command.text}\` again.` };
    }
    throw err;
  }
  return undefined;
};
