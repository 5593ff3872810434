import type { IncomingMessage } from 'node:http';
import { ERROR_CODES, WardenError } from '../lib/errors';

/**
 * Reads a JSON request body of at most `maxBytes`. A declared Content-Length over the limit is refused
 * before a byte is read; a body that grows past it while streaming is refused as soon as it does, so a
 * client cannot make the server buffer more than the limit.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes = 16_384): Promise<unknown> {
  const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new WardenError(ERROR_CODES.unsupportedMediaType, `Send the body as JSON (Content-Type: application/json); got ${type || 'no content type'}.`);
  }
  const tooLarge = () => new WardenError(ERROR_CODES.payloadTooLarge, `The body is larger than ${Math.floor(maxBytes / 1024)} KB; send less text per call.`);
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new WardenError(ERROR_CODES.invalidInput, 'The body is not valid JSON.');
  }
}

/** A zod error as one line naming each field and its problem, for a 400's reason. */
export function issues(error: { issues: Array<{ path: PropertyKey[]; message: string }> }): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message)).join('; ');
}
