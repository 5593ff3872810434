import type { App, MessageShortcut } from '@slack/bolt';
import type { BotDeps } from '../../deps';
import { createReportLeakedKey, REPORT_LEAKED_KEY_CALLBACK_ID } from './report-leaked-key';

export function registerShortcuts(app: App, deps: BotDeps): void {
  app.shortcut<MessageShortcut>({ callback_id: REPORT_LEAKED_KEY_CALLBACK_ID, type: 'message_action' }, createReportLeakedKey(deps));
}
