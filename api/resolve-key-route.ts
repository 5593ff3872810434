import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { KEY_ENVIRONMENTS, PROVIDERS } from '../lib/contracts';
import { ERROR_CODES, WardenError } from '../lib/errors';
import type { KeyResolver } from '../lib/keys/resolve-key';
import type { Logger } from '../lib/log';
import { sendError, sendJson } from './http-errors';
import { refusedBy, type RefusalAudit } from './refusal-audit';
import { createServiceTokenCheck, SERVICE_TOKEN_REQUIRED } from './service-token';

const query = z.object({
  provider: z.enum(PROVIDERS, { error: `provider must be one of ${PROVIDERS.join(', ')}` }),
  environment: z.enum(KEY_ENVIRONMENTS, { error: `environment must be one of ${KEY_ENVIRONMENTS.join(', ')}` }),
});

/** GET /v1/keys/resolve?provider=&environment= with `Authorization: Bearer <service token>`. */
export function createResolveKeyRoute(d: { resolveKey: KeyResolver; serviceToken: string; refusals: Pick<RefusalAudit, 'refused'>; logger: Logger }) {
  const checkToken = createServiceTokenCheck(d.serviceToken);
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const reference = randomUUID().slice(0, 8);
    try {
      const auth = checkToken(req);
      if (!auth.ok) {
        // Refused callers are audited too: repeated refusals are how a leaked or guessed token shows.
        await d.refusals.refused({
          ...refusedBy(req),
          action: 'key.resolve',
          target: `${url.searchParams.get('provider') ?? '?'}/${url.searchParams.get('environment') ?? '?'}`.slice(0, 80),
          path: url.pathname,
          reason: auth.reason,
        });
        throw new WardenError(ERROR_CODES.unauthorized, SERVICE_TOKEN_REQUIRED);
      }
      const parsed = query.safeParse(Object.fromEntries(url.searchParams));
      if (!parsed.success) throw new WardenError(ERROR_CODES.invalidInput, parsed.error.issues.map((i) => i.message).join('; '));
      const resolved = await d.resolveKey({ ...parsed.data, caller: auth.caller });
      sendJson(res, 200, resolved);
    } catch (err) {
      if (!(err instanceof WardenError)) d.logger.error('Key resolution failed', { reference, path: url.pathname, err });
      sendError(res, err, reference);
    }
  };
}
