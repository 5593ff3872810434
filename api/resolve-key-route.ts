import { randomUUID, timingSafeEqual, createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { KEY_ENVIRONMENTS, PROVIDERS } from '../lib/contracts';
import { ERROR_CODES, WardenError } from '../lib/errors';
import type { AuditLog } from '../lib/db';
import type { KeyResolver } from '../lib/keys/resolve-key';
import type { Logger } from '../lib/log';
import { sendError, sendJson } from './http-errors';

const query = z.object({
  provider: z.enum(PROVIDERS, { error: `provider must be one of ${PROVIDERS.join(', ')}` }),
  environment: z.enum(KEY_ENVIRONMENTS, { error: `environment must be one of ${KEY_ENVIRONMENTS.join(', ')}` }),
});

/** GET /v1/keys/resolve?provider=&environment= with `Authorization: Bearer <service token>`. */
export function createResolveKeyRoute(d: { resolveKey: KeyResolver; serviceToken: string; audit: Pick<AuditLog, 'append'>; logger: Logger }) {
  const expected = digest(d.serviceToken);
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const reference = randomUUID().slice(0, 8);
    try {
      const header = req.headers.authorization ?? '';
      const token = header.startsWith('Bearer ') ? header.slice(7) : '';
      // Compare digests so the comparison takes the same time whatever the token's length.
      if (!token || !timingSafeEqual(digest(token), expected)) {
        // Refused callers are audited too: repeated refusals are how a leaked or guessed token shows.
        await d.audit.append({
          idempotencyKey: `key-resolve:${randomUUID()}`,
          actor: 'unauthenticated',
          action: 'key.resolve',
          target: `${url.searchParams.get('provider') ?? '?'}/${url.searchParams.get('environment') ?? '?'}`.slice(0, 80),
          outcome: 'denied',
          details: { reason: token ? 'wrong service token' : 'no service token', remoteAddress: req.socket.remoteAddress ?? null },
        });
        throw new WardenError(ERROR_CODES.unauthorized, 'A valid service token is required (Authorization: Bearer …).');
      }
      const parsed = query.safeParse(Object.fromEntries(url.searchParams));
      if (!parsed.success) throw new WardenError(ERROR_CODES.invalidInput, parsed.error.issues.map((i) => i.message).join('; '));
      const caller = `service:${String(req.headers['x-warden-caller'] ?? 'unnamed').slice(0, 64)}`;
      const resolved = await d.resolveKey({ ...parsed.data, caller });
      sendJson(res, 200, resolved);
    } catch (err) {
      if (!(err instanceof WardenError)) d.logger.error('Key resolution failed', { reference, path: url.pathname, err });
      sendError(res, err, reference);
    }
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
