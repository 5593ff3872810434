import { accessRequestModal } from '../../blocks/access-request-modal';
import type { CommandHandler } from './types';

/** `/warden access`: opens the request modal at once (the trigger id lives 3 s). */
export const openAccessModal: CommandHandler<{ kind: 'access.modal' }> = async ({ command, client }) => {
  await client.views.open({ trigger_id: command.trigger_id, view: accessRequestModal(command.user_id) as never });
  return undefined;
};
