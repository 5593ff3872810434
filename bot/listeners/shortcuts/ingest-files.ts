import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { INGEST_SHORTCUT_CALLBACK_ID, workflowIds, type IngestItemSpec } from '../../../lib/contracts';
import type { BotDeps } from '../../deps';
import { failureReply } from '../failure-reply';
import { mayIngestOrAuditDenial, NOT_BUILDER_MESSAGE, orgIdOf } from '../ingest-access';
import { startIngestion } from '../start-ingestion';

export { INGEST_SHORTCUT_CALLBACK_ID };

type ShortcutArgs = SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs;
type FileRef = { id?: string; name?: string; title?: string };

/**
 * "Ingest files" on a message in one of the configured channels: its files (top-level, or under attachments when
 * the message unfurls another one) are ingested with OCR only. One ingestion per message.
 */
export function createIngestFiles(deps: BotDeps) {
  return async ({ ack, shortcut, respond }: ShortcutArgs): Promise<void> => {
    await ack();
    const userId = shortcut.user.id;
    const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    const channel = shortcut.channel.id;
    const workflowId = workflowIds.ingestFromMessage(shortcut.team?.id ?? 'team', channel, shortcut.message_ts);
    const context = { userId, channel, messageTs: shortcut.message_ts, workflowId };
    try {
      if (!deps.ingestShortcutChannels.includes(channel)) {
        const where = deps.ingestShortcutChannels.map((c) => `<#${c}>`).join(', ') || 'no channel yet (an operator sets WARDEN_INGEST_CHANNELS)';
        return void (await tell(`Files can be ingested from messages in ${where}. Here, use \`/warden ingest\` and attach them.`));
      }
      if (!(await mayIngestOrAuditDenial(deps, userId, workflowId))) return void (await tell(NOT_BUILDER_MESSAGE));
      const message = shortcut.message as { files?: FileRef[]; attachments?: Array<{ files?: FileRef[] }> };
      const files = [...(message.files ?? []), ...(message.attachments ?? []).flatMap((a) => a.files ?? [])].filter((f): f is FileRef & { id: string } => typeof f.id === 'string');
      const unique = [...new Map(files.map((f) => [f.id, f])).values()];
      if (unique.length === 0) return void (await tell('That message has no files to ingest.'));
      const items: IngestItemSpec[] = unique.slice(0, 20).map((f) => ({ kind: 'slack_file', fileId: f.id, name: (f.name ?? f.title ?? f.id).slice(0, 200) }));
      const orgId = orgIdOf({ teamId: shortcut.team?.id, enterpriseId: shortcut.enterprise?.id, isEnterpriseInstall: shortcut.is_enterprise_install });
      const { started, runUrl } = await startIngestion(deps, {
        workflowId,
        actorSlackId: userId,
        orgId,
        channelId: channel,
        source: 'shortcut',
        items,
        options: { vision: false, crawlDepth: 0, pageLimit: 1 },
      });
      await tell(
        started
          ? `:inbox_tray: Ingesting ${items.length} file${items.length === 1 ? '' : 's'} from that message (OCR; use \`/warden ingest\` for Gemini vision). Progress is in a thread here; <${runUrl}|workflow run>.`
          : `The files of that message were already ingested (or are being ingested): <${runUrl}|workflow run>.`,
      );
    } catch (err) {
      await tell(failureReply(err, deps.logger, context)).catch((e) => deps.logger.error('Could not report a failure', { ...context, err: e }));
    }
  };
}
