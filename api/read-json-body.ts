import type { IncomingMessage } from 'node:http';
import { ERROR_CODES, WardenError } from '../lib/errors';

/** A JSON request body of at most `maxBytes`; anything else is a 400 naming the problem. */
export async function readJsonBody(req: IncomingMessage, maxBytes = 16_384): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new WardenError(ERROR_CODES.invalidInput, `The request body is larger than ${maxBytes} bytes.`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new WardenError(ERROR_CODES.invalidInput, 'The request body is not JSON.');
  }
}

export function issues(error: { issues: Array<{ path: PropertyKey[]; message: string }> }): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message)).join('; ');
}
