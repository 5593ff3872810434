import type { App, MessageShortcut } from '@slack/bolt';
import type { BotDeps } from '../../deps';
import { createIngestFiles, INGEST_SHORTCUT_CALLBACK_ID } from './ingest-files';
import { createReportLeakedKey, REPORT_LEAKED_KEY_CALLBACK_ID } from './report-leaked-key';

export function registerShortcuts(app: App, deps: BotDeps): void {
  app.shortcut<MessageShortcut>({ callback_id: REPORT_LEAKED_KEY_CALLBACK_ID, type: 'message_action' }, createReportLeakedKey(deps));
  app.shortcut<MessageShortcut>({ callback_id: INGEST_SHORTCUT_CALLBACK_ID, type: 'message_action' }, createIngestFiles(deps));
}
