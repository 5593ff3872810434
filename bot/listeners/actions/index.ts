import type { App, BlockButtonAction } from '@slack/bolt';
import { REVOKE_ACTIONS } from '../../blocks/revoke-confirmation';
import type { BotDeps } from '../../deps';
import { createCancelRevoke, createConfirmRevoke } from './revoke-key-buttons';

export function registerActions(app: App, deps: BotDeps): void {
  app.action<BlockButtonAction>(REVOKE_ACTIONS.confirm, createConfirmRevoke(deps));
  app.action<BlockButtonAction>(REVOKE_ACTIONS.cancel, createCancelRevoke());
}
