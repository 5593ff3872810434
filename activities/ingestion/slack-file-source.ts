import { escapeMrkdwn } from '../../lib/contracts';
import type { ChunkSource } from '../../lib/db';
import { formatBytes, SlackFileError, type SlackFileInfo } from '../../lib/slack/slack-files';
import { ERROR_CODES, WardenError } from '../../lib/errors';
import type { ActivityDeps } from '../deps';
import { rejected, type ItemRejection } from './item-results';

export interface FetchedFile {
  ok: true;
  info: SlackFileInfo;
  bytes: Buffer;
}

/** Where a Slack file's chunks came from and who uploaded it (data rights find and erase chunks by it). */
export function slackFileChunkSource(item: { orgId: string; ingestionId: string; itemKey: string; actorSlackId: string }, info: SlackFileInfo): ChunkSource {
  return {
    orgId: item.orgId,
    ingestionId: item.ingestionId,
    itemKey: item.itemKey,
    sourceKind: 'slack_file',
    source: info.name,
    sourceRef: info.id,
    uploadedBySlackId: info.uploadedBy || item.actorSlackId,
    requestedBySlackId: item.actorSlackId,
  };
}

/**
 * A Slack file's metadata (files.info, never the payload's copy) and bytes, within the size limit. Expected
 * problems come back as a rejection for this item; Slack outages throw and are retried.
 */
export async function fetchSlackFile(d: Pick<ActivityDeps, 'slackFiles'>, fileId: string, maxBytes: number, signal?: AbortSignal): Promise<FetchedFile | ItemRejection> {
  if (!d.slackFiles) throw new WardenError(ERROR_CODES.slackApi, 'Slack is not configured, so Warden cannot read files.', { retryable: false });
  try {
    const info = await d.slackFiles.info(fileId);
    if (info.size > maxBytes) {
      return rejected(`${escapeMrkdwn(info.name)} is ${formatBytes(info.size)}, over the ${formatBytes(maxBytes)} limit.`, 'Split it into smaller files, or ask an operator to raise WARDEN_INGEST_MAX_FILE_MB.');
    }
    return { ok: true, info, bytes: await d.slackFiles.download(info, maxBytes, signal) };
  } catch (err) {
    if (err instanceof SlackFileError) return rejected(err.message, err.remedy);
    throw err;
  }
}
