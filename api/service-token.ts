import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export type ServiceTokenCheck = { ok: true; caller: string } | { ok: false; reason: 'no service token' | 'wrong service token' };

/**
 * The one check of `Authorization: Bearer <service token>` for every service route. Digests are
 * compared so the comparison takes the same time whatever the presented token's length.
 */
export function createServiceTokenCheck(serviceToken: string) {
  const expected = digest(serviceToken);
  return (req: IncomingMessage): ServiceTokenCheck => {
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!token) return { ok: false, reason: 'no service token' };
    if (!timingSafeEqual(digest(token), expected)) return { ok: false, reason: 'wrong service token' };
    return { ok: true, caller: 'service-token:bootstrap' };
  };
}

export const SERVICE_TOKEN_REQUIRED = 'A valid service token is required (Authorization: Bearer …).';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
