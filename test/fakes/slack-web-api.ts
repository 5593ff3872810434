import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeSlackWorkspace, type FakeSlackMessage, type FakeSlackUser, type OpenedView } from './slack/fake-slack-workspace';
import { handleFileRequest, slackFileObject, type FakeDownload, type FakeSlackFileInput } from './slack/files';
import { parseApiRequest } from './slack/parse-api-request';
import { createWebApiMethods, type SlackBody } from './slack/web-api-methods';

export type { FakeSlackMessage, FakeSlackUser, OpenedView } from './slack/fake-slack-workspace';
export type { FakeDownload, FakeSlackFileInput } from './slack/files';

export interface RecordedSlackCall {
  method: string;
  args: Record<string, unknown>;
  token: string | undefined;
  at: number;
  ok: boolean;
  error?: string;
}

export interface FakeSlack {
  /** e.g. http://127.0.0.1:PORT/api/ — with the trailing slash WebClient expects. */
  apiUrl: string;
  calls: RecordedSlackCall[];
  callsTo(method: string): RecordedSlackCall[];
  /** Messages as they are now (after any chat.update), in posting order. */
  messages(channel?: string): FakeSlackMessage[];
  /** Successful chat.postEphemeral calls. */
  ephemerals(): RecordedSlackCall[];
  /** Views opened by views.open and views.push, in order. */
  openedViews(): OpenedView[];
  /** Answer the next call to `method` with `{ ok: false, error }` (HTTP `status`, Retry-After header). */
  failNext(method: string, error: string, opts?: { status?: number; retryAfter?: number }): void;
  /**
   * The next call to `method` (matching `match`) is carried out — a message is posted — but its answer is held
   * back until release(), which drops the connection: Slack did it, the caller never heard. `arrived` resolves
   * once the call has been carried out.
   */
  holdNext(method: string, match?: (args: Record<string, unknown>) => boolean): { arrived: Promise<RecordedSlackCall>; release(): void };
  /** A trigger id valid for 3 s and one views.open/push, like the one Slack puts in interactions. */
  issueTriggerId(): string;
  /** Makes a person known to users.info and users.lookupByEmail. */
  addUser(user: FakeSlackUser): void;
  /** A response_url served by this fake; what is posted to it appears in responses(). */
  issueResponseUrl(): string;
  responses(): Array<{ url: string; body: unknown; at: number }>;
  /** Uploads a file as a person would; answers its Slack file object (what file_input and files.info carry). */
  addFile(file: FakeSlackFileInput): Record<string, any>;
  /** The person deletes the file: files.info answers file_deleted, downloads land on the sign-in page. */
  deleteFile(id: string): void;
  /** Every request for file bytes, with whether it carried an Authorization header. */
  downloads(): FakeDownload[];
  /** Every call's method, arguments and outcome as JSON (tokens excluded), for secret-leak assertions. */
  recordedText(): string;
  close(): Promise<void>;
}

/**
 * A local Slack Web API for tests: real HTTP on 127.0.0.1, real response and error bodies, and a record
 * of every call (to assert "ack once, then the right API call" and that no secret reached Slack).
 *
 * Point a real client at it (fakeSlackClientOptions in ./slack/fake-slack-client-options does this):
 *   new WebClient(token, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true })
 *   new App({ token, receiver, clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } } })
 * WebClient's default retry policy retries 5xx/network failures ten times over ~30 minutes and sleeps
 * Retry-After seconds on a 429 (30 s here, as in the corpus) — either stalls a test. Start the fake
 * before constructing a Bolt App with a token: the constructor calls auth.test at once.
 */
export async function startFakeSlack(opts: { botToken: string; teamId?: string; botUserId?: string; now?: () => number }): Promise<FakeSlack> {
  const now = opts.now ?? Date.now;
  const ws = new FakeSlackWorkspace(opts.teamId ?? 'T0WARDEN01', opts.botUserId ?? 'U0WARDENBOT', now);
  const methods = createWebApiMethods(ws);
  const calls: RecordedSlackCall[] = [];
  const injected = new Map<string, Array<{ error: string; status?: number; retryAfter?: number }>>();
  const responses: Array<{ url: string; body: unknown; at: number }> = [];
  const holds: Array<{ method: string; match: (args: Record<string, unknown>) => boolean; arrived: (c: RecordedSlackCall) => void; released: Promise<void> }> = [];
  let responseUrlCounter = 0;
  let baseUrl = '';
  const downloads: FakeDownload[] = [];
  const cdnTickets = new Map<string, string>();

  function answer(method: string, args: Record<string, unknown>, token: string | undefined): { status: number; body: SlackBody; headers: Record<string, string> } {
    const failure = injected.get(method)?.shift();
    if (failure) {
      // Only rate limiting is a non-200 from Slack (trap 6); a 429 carries Retry-After in seconds.
      const status = failure.status ?? (failure.error === 'ratelimited' ? 429 : 200);
      const retryAfter = failure.retryAfter ?? (status === 429 ? 30 : undefined);
      return { status, body: { ok: false, error: failure.error }, headers: retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) } };
    }
    const handler = methods[method];
    if (!handler) return { status: 200, body: { ok: false, error: 'unknown_method' }, headers: {} };
    if (!token) return { status: 200, body: { ok: false, error: 'not_authed' }, headers: {} };
    if (token !== opts.botToken) return { status: 200, body: { ok: false, error: 'invalid_auth' }, headers: {} };
    return { status: 200, body: handler(args), headers: {} };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://fake-slack.invalid');
    // The "CDN" is this server under another host name (localhost instead of 127.0.0.1): another origin.
    const fileContext = { url, origin: baseUrl, cdnOrigin: baseUrl.replace('127.0.0.1', 'localhost'), botToken: opts.botToken, files: ws.files, downloads, cdnTickets };
    if (req.method === 'GET' && handleFileRequest(req, res, fileContext)) return;
    if (req.method === 'POST' && /^\/response-url\/\d+$/.test(url.pathname)) {
      responses.push({ url: `${baseUrl}${url.pathname}`, body: safeJson(rawBody), at: now() });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    const method = /^\/api\/([A-Za-z0-9_.]+)$/.exec(url.pathname)?.[1];
    if (!method) {
      res.writeHead(404).end();
      return;
    }
    const parsed = parseApiRequest({
      rawBody,
      contentType: req.headers['content-type'],
      authorization: req.headers.authorization,
      query: url.searchParams,
    });
    const result = parsed.ok ? answer(method, parsed.args, parsed.token) : { status: 200, body: { ok: false, error: parsed.error }, headers: {} };
    calls.push({
      method,
      args: parsed.ok ? parsed.args : {},
      token: parsed.ok ? parsed.token : undefined,
      at: now(),
      ok: result.body.ok,
      ...(result.body.error !== undefined && { error: result.body.error }),
    });
    const holdAt = holds.findIndex((h) => h.method === method && parsed.ok && h.match(parsed.args));
    if (holdAt >= 0) {
      const [hold] = holds.splice(holdAt, 1);
      hold!.arrived(calls[calls.length - 1]!);
      await hold!.released;
      req.socket.destroy();
      return;
    }
    res.writeHead(result.status, { 'content-type': 'application/json; charset=utf-8', ...result.headers }).end(JSON.stringify(result.body));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  ws.origin = baseUrl;

  return {
    apiUrl: `${baseUrl}/api/`,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    messages: (channel) => ws.messages.filter((m) => channel === undefined || m.channel === channel).map((m) => ({ ...m })),
    ephemerals: () => calls.filter((c) => c.method === 'chat.postEphemeral' && c.ok),
    openedViews: () => [...ws.opened],
    failNext: (method, error, failOpts = {}) => {
      const queue = injected.get(method) ?? [];
      queue.push({ error, ...failOpts });
      injected.set(method, queue);
    },
    holdNext: (method, match = () => true) => {
      let arrived!: (c: RecordedSlackCall) => void;
      let release!: () => void;
      const arrivedP = new Promise<RecordedSlackCall>((r) => (arrived = r));
      const released = new Promise<void>((r) => (release = r));
      holds.push({ method, match, arrived, released });
      return { arrived: arrivedP, release };
    },
    issueTriggerId: () => ws.issueTriggerId(),
    addUser: (user) => void ws.users.set(user.id, { ...user }),
    issueResponseUrl: () => `${baseUrl}/response-url/${++responseUrlCounter}`,
    responses: () => [...responses],
    addFile: (input) => {
      const file = { ...input, id: ws.nextFileId(), created: Math.floor(now() / 1000), deleted: false };
      ws.files.set(file.id, file);
      return slackFileObject(file, ws.teamId, baseUrl);
    },
    deleteFile: (id) => {
      const file = ws.files.get(id);
      if (file) file.deleted = true;
    },
    downloads: () => [...downloads],
    recordedText: () => JSON.stringify([...calls.map(({ token: _token, ...call }) => call), ...responses]),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
