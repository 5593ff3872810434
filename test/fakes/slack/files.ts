import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface FakeSlackFileInput {
  name: string;
  bytes: Buffer;
  /** The uploader (files.info `user`). */
  user: string;
  /** What Slack claims; Slack guesses from the name, so tests can make it lie. */
  mimetype?: string;
  filetype?: string;
  /**
   * `cdn`: the authorised download redirects to a pre-signed URL on another host, as reported for large files.
   * `signin`: Slack will not serve it to this token (no files:read, a private channel): the sign-in page instead.
   */
  delivery?: 'direct' | 'cdn' | 'signin';
}

export interface FakeSlackFile extends FakeSlackFileInput {
  id: string;
  created: number;
  deleted: boolean;
}

export interface FakeDownload {
  path: string;
  host: string;
  /** Whether an Authorization header came with it (it must never reach the CDN). */
  authorization: boolean;
  status: number;
}

/** The file object files.info and file_input submissions carry (webapi-files.info-success.json's shape). */
export function slackFileObject(f: FakeSlackFile, teamId: string, origin: string): Record<string, unknown> {
  const path = `/files-pri/${teamId}-${f.id}`;
  return {
    id: f.id,
    created: f.created,
    timestamp: f.created,
    name: f.name,
    title: f.name,
    mimetype: f.mimetype ?? 'application/octet-stream',
    filetype: f.filetype ?? (f.name.split('.').pop() ?? 'binary'),
    pretty_type: (f.filetype ?? 'file').toUpperCase(),
    user: f.user,
    editable: false,
    size: f.bytes.length,
    mode: 'hosted',
    is_external: false,
    external_type: '',
    is_public: true,
    public_url_shared: false,
    display_as_bot: false,
    username: '',
    url_private: `${origin}${path}/${encodeURIComponent(f.name)}`,
    url_private_download: `${origin}${path}/download/${encodeURIComponent(f.name)}`,
    permalink: `https://warden-test.slack.com/files/${f.user}/${f.id}/${encodeURIComponent(f.name)}`,
    has_rich_preview: false,
  };
}

const SIGN_IN_PAGE =
  '<!DOCTYPE html><html lang="en-US" class="" data-primer><head><link href="https://a.slack-edge.com/d5fba4c/marketing/style/onetrust/onetrust_banner.css" rel="stylesheet" type="text/css">' +
  `<title>Slack</title></head><body>${'<div class="p-signin">Sign in to your workspace</div>'.repeat(400)}</body></html>`;

/**
 * Serves downloads like files.slack.com: the bytes for `Authorization: Bearer <bot token>`, otherwise a 302 to the
 * workspace sign-in page, which itself answers 200 text/html (download-url_private_download.json). Answers
 * false when the request is not a file request.
 */
export function handleFileRequest(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: { url: URL; origin: string; cdnOrigin: string; botToken: string; files: Map<string, FakeSlackFile>; downloads: FakeDownload[]; cdnTickets: Map<string, string> },
): boolean {
  const { url } = ctx;
  const authorization = req.headers.authorization;
  const record = (status: number) => ctx.downloads.push({ path: url.pathname, host: req.headers.host ?? '', authorization: Boolean(authorization), status });
  if (url.pathname === '/' && url.searchParams.has('redir')) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(SIGN_IN_PAGE);
    return true;
  }
  const cdn = /^\/cdn\/([A-Za-z0-9_-]+)$/.exec(url.pathname);
  if (cdn) {
    const file = ctx.files.get(ctx.cdnTickets.get(cdn[1]!) ?? '');
    record(file ? 200 : 403);
    if (!file) res.writeHead(403, { 'content-type': 'text/plain' }).end('AccessDenied');
    else res.writeHead(200, { 'content-type': file.mimetype ?? 'application/octet-stream', 'content-length': String(file.bytes.length) }).end(file.bytes);
    return true;
  }
  const match = /^\/files-pri\/[A-Z0-9]+-(F[A-Z0-9]+)\/(?:download\/)?[^/]+$/.exec(url.pathname);
  if (!match) return false;
  const file = ctx.files.get(match[1]!);
  if (authorization !== `Bearer ${ctx.botToken}` || !file || file.deleted || file.delivery === 'signin') {
    record(302);
    const signIn = `${ctx.origin}/?redir=${encodeURIComponent(url.pathname)}`;
    res.writeHead(302, { location: signIn, 'content-type': 'text/html' }).end(`<a href="${signIn}">Found</a>.`);
    return true;
  }
  if (file.delivery === 'cdn') {
    const ticket = randomBytes(12).toString('base64url');
    ctx.cdnTickets.set(ticket, file.id);
    record(302);
    res.writeHead(302, { location: `${ctx.cdnOrigin}/cdn/${ticket}` }).end();
    return true;
  }
  record(200);
  res
    .writeHead(200, {
      'content-type': file.mimetype ?? 'application/octet-stream',
      'content-length': String(file.bytes.length),
      'content-disposition': `attachment; filename="${file.name}"`,
    })
    .end(file.bytes);
  return true;
}
