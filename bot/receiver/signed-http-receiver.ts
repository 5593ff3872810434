import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import type { AckFn, App, Receiver } from '@slack/bolt';
import { ERROR_CODES } from '../../lib/errors';
import { SlackRequestVerificationError, verifySlackRequest } from '../../lib/slack/verify-request';
import { createHttpAck } from './http-ack';
import { isSslCheck, MalformedSlackBodyError, parseSlackBody, type ParsedSlackBody } from './parse-slack-body';
import { BodyTooLargeError, readRawBody } from './read-raw-body';
import type { ReceiverLogger } from './receiver-logger';
import type { WorkQueue } from './work-queue';

export type { ReceiverLogger } from './receiver-logger';

export interface SignedHttpReceiverOptions {
  signingSecret: string;
  /** 0 picks a free port (tests); read the bound one from `port` after start(). */
  port: number;
  host?: string;
  path?: string;
  /** Injectable clock for the signature's staleness rule. */
  now?: () => number;
  logger: ReceiverLogger;
  /** Slack's deadline for the HTTP 200 is 3 s; after it the request is answered 404 and logged. */
  ackTimeoutMs?: number;
  maxBodyBytes?: number;
  /**
   * Where a request whose ack can only ever be empty (slash commands, block actions, shortcuts, events) is
   * handled: the receiver answers 200 itself as soon as the request is verified, then queues the listener.
   * Without a queue, every request is handled before its ack, as bolt-js does.
   */
  workQueue?: WorkQueue;
  /** Queued requests whose listener opens a modal: they skip the backlog, since their trigger id dies 3 s after Slack sent it. */
  opensModal?: (body: Record<string, unknown>) => boolean;
}

// Requests whose ack Warden never gives a body: the answer goes through response_url, a DM or a message.
const EMPTY_ACK_TYPES = new Set(['block_actions', 'message_action', 'shortcut', 'event_callback', 'view_closed']);

const DEFAULT_ACK_TIMEOUT_MS = 3000;
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Bolt receiver for Slack's HTTP delivery: verify the signature on the raw bytes, then parse, then hand
 * the body to Bolt with an ack() that writes the one HTTP answer Slack reads. Unlike bolt-js's
 * HTTPReceiver it rejects future timestamps, explains every refusal with a stable reason, and takes its
 * clock as a dependency.
 */
export class SignedHttpReceiver implements Receiver {
  private app: App | undefined;
  private server: Server | undefined;
  private boundPort: number | undefined;
  private readonly path: string;
  private readonly now: () => number;
  private readonly ackTimeoutMs: number;
  private readonly maxBodyBytes: number;

  constructor(private readonly opts: SignedHttpReceiverOptions) {
    if (!opts.signingSecret) throw new Error('SignedHttpReceiver: signingSecret is required');
    this.path = opts.path ?? '/slack/events';
    this.now = opts.now ?? Date.now;
    this.ackTimeoutMs = opts.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS;
    this.maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  }

  get port(): number {
    return this.boundPort ?? this.opts.port;
  }

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<{ port: number }> {
    if (this.server) throw new Error('SignedHttpReceiver: already started');
    const server = createServer((req, res) => {
      // Slack's 3 s start when it sends: the clock starts as soon as the request reaches us, before its body is read.
      const arrivedAt = performance.now();
      const queue = this.opts.workQueue;
      if (queue) {
        queue.requestArrived();
        res.once('close', () => queue.requestAnswered());
      }
      this.route(req, res, arrivedAt).catch((error: unknown) => {
        this.opts.logger.error('unexpected receiver failure', { error: error instanceof Error ? error.message : String(error) });
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.opts.port, this.opts.host ?? '0.0.0.0', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.boundPort = (server.address() as AddressInfo).port;
    this.opts.logger.info('slack receiver listening', { port: this.boundPort, path: this.path });
    return { port: this.boundPort };
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      // Keep-alive sockets would otherwise hold close() open until they time out.
      server.closeIdleConnections();
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse, arrivedAt: number): Promise<void> {
    const { pathname } = new URL(req.url ?? '/', 'http://receiver.invalid');
    if (req.method === 'GET' && pathname === '/healthz') return writeJson(res, 200, { ok: true });
    if (req.method === 'POST' && pathname === this.path) return this.handleSlackRequest(req, res, arrivedAt);
    req.resume();
    writeJson(res, 404, { error: 'not_found' });
  }

  private async handleSlackRequest(req: IncomingMessage, res: ServerResponse, arrivedAt: number): Promise<void> {
    const slackRequestId = randomUUID();
    const retryNum = parseRetryNum(header(req, 'x-slack-retry-num'));
    const retryReason = header(req, 'x-slack-retry-reason');
    const logContext = { slackRequestId, ...(retryNum !== undefined && { retryNum, retryReason }) };
    const { logger } = this.opts;

    let rawBody: string;
    try {
      rawBody = (await readRawBody(req, this.maxBodyBytes)).toString('utf8');
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      logger.warn('slack request refused: body too large', { ...logContext, limitBytes: this.maxBodyBytes });
      return writeJson(res, 413, { error: ERROR_CODES.invalidInput, reason: 'body_too_large' }, { connection: 'close' });
    }
    const contentType = header(req, 'content-type');

    if (isSslCheck(rawBody, contentType)) {
      logger.info('slack ssl_check answered', logContext);
      return void res.writeHead(200).end();
    }

    try {
      verifySlackRequest({
        signingSecret: this.opts.signingSecret,
        rawBody,
        timestampHeader: header(req, 'x-slack-request-timestamp'),
        signatureHeader: header(req, 'x-slack-signature'),
        nowMs: this.now(),
      });
    } catch (error) {
      if (!(error instanceof SlackRequestVerificationError)) throw error;
      // The reason is logged and returned; the body and signature are not (the body may carry secrets).
      logger.warn('slack request refused: signature verification failed', { ...logContext, reason: error.reason });
      return writeJson(res, 401, { error: ERROR_CODES.unauthorized, reason: error.reason });
    }

    let parsed: ParsedSlackBody;
    try {
      parsed = parseSlackBody(rawBody, contentType);
    } catch (error) {
      if (!(error instanceof MalformedSlackBodyError)) throw error;
      logger.warn('slack request refused: malformed body', { ...logContext, reason: error.reason });
      return writeJson(res, 400, { error: ERROR_CODES.invalidInput, reason: error.reason });
    }
    if (parsed.kind === 'url_verification') {
      logger.info('slack url_verification answered', logContext);
      return writeJson(res, 200, { challenge: parsed.challenge });
    }

    const app = this.app;
    if (!app) throw new Error('SignedHttpReceiver: init(app) was not called');
    const httpAck = createHttpAck({ res, timeoutMs: this.ackTimeoutMs, arrivedAt, logger, logContext });
    const queue = this.opts.workQueue;
    if (queue && acksEmpty(parsed.body)) {
      await httpAck.ack();
      // The listener still calls ack(); it has already been answered, and an ack with a body here is a bug.
      const answered: AckFn<unknown> = async (response?: unknown) => {
        if (response !== undefined) logger.error('a listener gave an ack body to a request that was already acknowledged', logContext);
      };
      queue.run(
        `slack ${String(parsed.body.type ?? parsed.body.command)}`,
        () => app.processEvent({ body: parsed.body, ack: answered, retryNum, retryReason, customProperties: { slackRequestId } }),
        { urgent: this.opts.opensModal?.(parsed.body) ?? false },
      );
      return;
    }
    try {
      await app.processEvent({ body: parsed.body, ack: httpAck.ack, retryNum, retryReason, customProperties: { slackRequestId } });
    } catch (error) {
      httpAck.fail(error);
    }
  }
}

function acksEmpty(body: Record<string, unknown>): boolean {
  return typeof body.command === 'string' || EMPTY_ACK_TYPES.has(String(body.type));
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  // Node joins repeated custom headers with ", "; an array only appears for set-cookie-like headers.
  return Array.isArray(value) ? value[0] : value;
}

function parseRetryNum(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

function writeJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
}
