import type { WebClient } from '@slack/web-api';
import { ERROR_CODES, WardenError } from '../errors';

/** A Slack file as files.info describes it (the only metadata Warden trusts; payloads can be stale or stubs). */
export interface SlackFileInfo {
  id: string;
  name: string;
  mimetype: string;
  size: number;
  /** Who uploaded it: the person data rights are about. */
  uploadedBy: string;
  urlPrivateDownload: string;
}

/** An expected problem with one file, in words for the person, with what to do about it. */
export class SlackFileError extends Error {
  constructor(
    message: string,
    readonly remedy: string,
  ) {
    super(message);
    this.name = 'SlackFileError';
  }
}

const MAX_REDIRECTS = 5;

/**
 * files.info and the download of `url_private_download` with the bot token. The token goes only to Slack
 * (https://*.slack.com, or the configured Slack API's own origin): redirects to a pre-signed CDN URL are
 * followed without it. Slack answers a download it will not authorise with a redirect to its sign-in page,
 * which ends in HTTP 200 text/html, so the bytes are checked against what files.info said.
 */
export function createSlackFiles(d: { client: WebClient; token: string; apiUrl: string; fetch?: typeof fetch }) {
  const doFetch = d.fetch ?? fetch;
  const apiOrigin = new URL(d.apiUrl).origin;
  // Plain http only when the configured Slack API itself is plain http (a local proxy or a test double).
  const httpAllowed = new URL(d.apiUrl).protocol === 'http:';
  const mayCarryToken = (url: URL) => url.origin === apiOrigin || (url.protocol === 'https:' && (url.hostname === 'slack.com' || url.hostname.endsWith('.slack.com')));

  return {
    async info(fileId: string): Promise<SlackFileInfo> {
      let res;
      try {
        res = await d.client.files.info({ file: fileId });
      } catch (err) {
        const slackError = (err as { data?: { error?: string } }).data?.error;
        if (slackError === 'file_not_found' || slackError === 'file_deleted' || slackError === 'not_visible' || slackError === 'access_denied') {
          throw new SlackFileError(`Slack says the file is not available (${slackError}).`, 'Share the file again, in a channel Warden is in, and ingest it from there.');
        }
        if (slackError === 'missing_scope') {
          throw new SlackFileError('Warden may not read files in this workspace (missing files:read scope).', 'An admin reinstalls the Slack app from bot/manifest.yaml, which asks for files:read.');
        }
        throw new WardenError(ERROR_CODES.slackApi, `Slack refused files.info: ${slackError ?? (err as Error).message}`, { retryable: !slackError });
      }
      const f = res.file as Record<string, unknown> | undefined;
      const url = typeof f?.url_private_download === 'string' ? f.url_private_download : typeof f?.url_private === 'string' ? f.url_private : undefined;
      if (!f || !url) throw new SlackFileError('Slack gave no download address for this file (an external or Slack Connect file).', 'Upload the file itself to Slack.');
      return {
        id: String(f.id ?? fileId),
        name: String(f.name ?? f.title ?? fileId),
        mimetype: String(f.mimetype ?? 'application/octet-stream'),
        size: Number(f.size ?? 0),
        uploadedBy: String(f.user ?? ''),
        urlPrivateDownload: url,
      };
    },

    /** The file's bytes, at most `maxBytes`. */
    async download(file: SlackFileInfo, maxBytes: number, signal?: AbortSignal): Promise<Buffer> {
      let url = new URL(file.urlPrivateDownload);
      if (!mayCarryToken(url)) throw new SlackFileError('The file is not hosted by Slack.', 'Upload the file itself to Slack.');
      let res: Response | undefined;
      for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
        res = await doFetch(url, { headers: mayCarryToken(url) ? { authorization: `Bearer ${d.token}` } : {}, redirect: 'manual', signal });
        const location = res.headers.get('location');
        if (res.status < 300 || res.status >= 400 || !location) break;
        await res.body?.cancel();
        url = new URL(location, url);
        if (url.protocol !== 'https:' && !httpAllowed) throw new SlackFileError('Slack redirected the download to an insecure address.', 'Try again later.');
      }
      if (!res || res.status !== 200) throw new WardenError(ERROR_CODES.slackApi, `The Slack file download answered HTTP ${res?.status ?? '?'}.`, { retryable: true });
      const bytes = await readCapped(res, maxBytes);
      const html = /text\/html/i.test(res.headers.get('content-type') ?? '') || /^\s*<(!doctype html|html)/i.test(bytes.subarray(0, 64).toString('latin1'));
      if (html && !/html/i.test(file.mimetype)) {
        throw new SlackFileError(
          "Slack answered with its sign-in page instead of the file: Warden's token may not read it.",
          'An admin reinstalls the Slack app with the files:read scope (bot/manifest.yaml), then ingest again.',
        );
      }
      if (file.size && bytes.length !== file.size) {
        throw new WardenError(ERROR_CODES.slackApi, `The download was ${bytes.length} bytes but Slack said the file has ${file.size}.`, { retryable: true });
      }
      return bytes;
    },
  };
}

export type SlackFiles = ReturnType<typeof createSlackFiles>;

async function readCapped(res: Response, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of res.body ?? []) {
    total += (chunk as Uint8Array).length;
    if (total > maxBytes) throw new SlackFileError(`The file is larger than the ${formatBytes(maxBytes)} limit.`, 'Split it into smaller files.');
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks);
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}
