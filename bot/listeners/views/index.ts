import type { App } from '@slack/bolt';
import type { BotDeps } from '../../deps';
import { KEY_MODAL_CALLBACK_ID } from '../../inputs/key-modal-input';
import { createSubmitKey } from './submit-key';

export function registerViews(app: App, deps: BotDeps): void {
  app.view(KEY_MODAL_CALLBACK_ID, createSubmitKey(deps));
}
