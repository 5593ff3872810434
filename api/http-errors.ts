import type { ServerResponse } from 'node:http';
import { ERROR_CODES, isWardenError, type ErrorCode } from '../lib/errors';

// The one place the key API turns a coded error into an HTTP status.
const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  [ERROR_CODES.unauthorized]: 401,
  [ERROR_CODES.invalidInput]: 400,
  [ERROR_CODES.keyMissing]: 404,
  [ERROR_CODES.byokKeyMissing]: 404,
  [ERROR_CODES.keyNotFound]: 404,
  // 423 Locked: the key exists but break-glass has stopped its use; the message names the scope and reason.
  [ERROR_CODES.breakGlassActive]: 423,
  [ERROR_CODES.reviewNotFound]: 404,
  [ERROR_CODES.sealedSecretMissing]: 500,
  [ERROR_CODES.sealedSecretUnreadable]: 500,
  [ERROR_CODES.payloadTooLarge]: 413,
  [ERROR_CODES.unsupportedMediaType]: 415,
  [ERROR_CODES.scopeMissing]: 403,
  [ERROR_CODES.agentNotFound]: 404,
  [ERROR_CODES.apiKeyNotFound]: 404,
};

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  // Answers may carry a key: never cache them anywhere on the way.
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** 429 with how long to wait, in the header clients and proxies read and in words. */
export function sendRateLimited(res: ServerResponse, retryAfterSeconds: number, message: string): void {
  res.setHeader('Retry-After', String(retryAfterSeconds));
  sendJson(res, 429, { error: ERROR_CODES.rateLimited, message });
}

export function sendError(res: ServerResponse, err: unknown, reference: string): void {
  if (isWardenError(err)) {
    sendJson(res, STATUS_BY_CODE[err.code] ?? 500, { error: err.code, message: err.message });
    return;
  }
  sendJson(res, 500, { error: 'warden_internal', message: `Internal error (reference ${reference}); nothing was returned.` });
}
