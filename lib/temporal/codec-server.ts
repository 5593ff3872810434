import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { ERROR_CODES } from '../errors';
import type { Logger } from '../log/logger';

export interface CodecServerOptions {
  codec: PayloadCodec;
  /** Callers send `Authorization: Bearer <authToken>` (Temporal CLI: `--codec-auth 'Bearer …'`). */
  authToken: string;
  /** Browser origins allowed to call, e.g. the Temporal Web UI at http://localhost:8233. */
  allowedOrigins: string[];
  logger: Logger;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

const ROUTES = { '/codec/encode': 'encode', '/codec/decode': 'decode' } as const;
// Temporal's codec protocol: the Web UI and CLI send Content-Type and X-Namespace; Authorization is ours.
const ALLOWED_HEADERS = 'Content-Type, Authorization, X-Namespace';
// A batch of history payloads; Temporal caps one payload at 2 MB by default.
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

class BadRequest extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Temporal's remote codec protocol, so the Web UI and `temporal workflow show --codec-endpoint`
 * can read encrypted history: POST `{ payloads: [{ metadata: { k: base64 }, data: base64 }] }` to
 * /codec/encode or /codec/decode and get the same shape back. Returns false for any other path so
 * it can sit in front of other handlers. Decoded payloads are shown to the caller only; they are
 * never logged.
 */
export function createCodecServerHandler(opts: CodecServerOptions): Handler {
  if (!opts.authToken) throw new Error('The codec server needs an auth token; it decrypts workflow history.');
  const expectedDigest = digest(opts.authToken);
  const allowedOrigins = new Set(opts.allowedOrigins);
  const log = opts.logger.child({ component: 'codec-server' });

  return async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://codec.invalid').pathname;
    const action = ROUTES[path as keyof typeof ROUTES];
    if (!action) return false;

    const origin = req.headers.origin;
    const namespace = headerValue(req.headers['x-namespace']);
    res.setHeader('Vary', 'Origin');
    if (origin !== undefined) {
      // Browsers send Origin on cross-origin calls; only the configured Web UI may read the answers.
      if (!allowedOrigins.has(origin)) {
        log.warn('codec request from an origin that is not allowed', { origin, path, namespace });
        sendJson(res, 403, { error: ERROR_CODES.unauthorized, message: 'This origin may not call the codec server.' });
        return true;
      }
      res.setHeader('Access-Control-Allow-Origin', origin);
    }

    if (req.method === 'OPTIONS') {
      // Only a browser preflight (which always names its origin) has any use for an OPTIONS answer.
      if (origin === undefined) {
        sendJson(res, 403, { error: ERROR_CODES.unauthorized, message: 'CORS preflight requests must name an allowed origin.' });
        return true;
      }
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      res.setHeader('Access-Control-Max-Age', '600');
      res.statusCode = 204;
      res.end();
      return true;
    }
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST, OPTIONS');
      sendJson(res, 405, { error: ERROR_CODES.invalidInput, message: `${path} accepts POST only.` });
      return true;
    }

    if (!isAuthorized(req.headers.authorization, expectedDigest)) {
      log.warn('codec request without a valid bearer token', { path, namespace, origin });
      res.setHeader('WWW-Authenticate', 'Bearer');
      sendJson(res, 401, {
        error: ERROR_CODES.unauthorized,
        message: 'Send the codec server token as "Authorization: Bearer <token>".',
      });
      return true;
    }

    let payloads: Payload[];
    try {
      payloads = parseBody(await readBody(req), req.headers['content-type']);
    } catch (err) {
      const status = err instanceof BadRequest ? err.status : 400;
      const message = err instanceof BadRequest ? err.message : 'The request body could not be read.';
      log.warn('codec request rejected', { path, namespace, status, reason: message });
      sendJson(res, status, { error: ERROR_CODES.invalidInput, message });
      return true;
    }

    try {
      const out = action === 'encode' ? await opts.codec.encode(payloads) : await opts.codec.decode(payloads);
      // Decoded payloads may hold sensitive values: keep them out of every cache.
      res.setHeader('Cache-Control', 'no-store');
      sendJson(res, 200, { payloads: out.map(toJson) });
    } catch (err) {
      // Codec errors name key ids and never payload contents, so the error itself is safe to log.
      log.error(`codec ${action} failed`, { err, path, namespace, count: payloads.length });
      sendJson(res, 500, {
        error: ERROR_CODES.sealedSecretUnreadable,
        message: `The payloads could not be ${action}d; the codec server log has the reason.`,
      });
    }
    return true;
  };
}

function isAuthorized(header: string | undefined, expectedDigest: Buffer): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return false;
  // Comparing fixed-length digests keeps the comparison constant-time whatever the token's length.
  return timingSafeEqual(digest(match[1]), expectedDigest);
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new BadRequest(413, `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

function parseBody(body: Buffer, contentType: string | undefined): Payload[] {
  if (contentType && !/^application\/json\b/i.test(contentType)) {
    throw new BadRequest(415, 'The request body must be application/json.');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    // JSON.parse's own message quotes the input, which may be a payload, so it is not repeated.
    throw new BadRequest(400, 'The request body is not valid JSON.');
  }
  if (!isRecord(parsed) || !Array.isArray(parsed.payloads)) {
    throw new BadRequest(400, 'The request body must be an object with a "payloads" array.');
  }
  return parsed.payloads.map((item: unknown, i: number) => fromJson(item, i));
}

// Proto3 JSON: bytes fields, the data and every metadata value, travel as base64 strings.
function fromJson(item: unknown, i: number): Payload {
  if (!isRecord(item)) throw new BadRequest(400, `payloads[${i}] must be an object.`);
  const { metadata, data } = item as JsonPayload;
  const payload: Payload = {};
  if (metadata !== undefined && metadata !== null) {
    if (!isRecord(metadata)) throw new BadRequest(400, `payloads[${i}].metadata must be an object.`);
    payload.metadata = {};
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string' || !BASE64.test(v)) throw new BadRequest(400, `payloads[${i}].metadata.${k} must be base64.`);
      payload.metadata[k] = Buffer.from(v, 'base64');
    }
  }
  if (data !== undefined && data !== null) {
    if (typeof data !== 'string' || !BASE64.test(data)) throw new BadRequest(400, `payloads[${i}].data must be base64.`);
    payload.data = Buffer.from(data, 'base64');
  }
  return payload;
}

function toJson(payload: Payload): JsonPayload {
  const out: JsonPayload = {};
  if (payload.metadata) {
    out.metadata = Object.fromEntries(
      Object.entries(payload.metadata).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
    );
  }
  if (payload.data) out.data = Buffer.from(payload.data).toString('base64');
  return out;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
