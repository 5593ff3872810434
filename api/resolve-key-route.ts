import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { agentName } from '../lib/agents/agent-shape';
import { KEY_ENVIRONMENTS, PROVIDERS } from '../lib/contracts';
import { ERROR_CODES, WardenError } from '../lib/errors';
import type { KeyResolver } from '../lib/keys/resolve-key';
import type { Logger } from '../lib/log';
import type { ApiKeyAuth } from './api-key-auth';
import { sendError, sendJson } from './http-errors';

const query = z.object({
  provider: z.enum(PROVIDERS, { error: `provider must be one of ${PROVIDERS.join(', ')}` }),
  environment: z.enum(KEY_ENVIRONMENTS, { error: `environment must be one of ${KEY_ENVIRONMENTS.join(', ')}` }),
  agent: agentName.optional(),
});

/**
 * GET /v1/keys/resolve?provider=&environment=[&agent=] with `Authorization: Bearer <API key>` scoped to
 * resolve_key for that provider and environment (and agent). With an agent, that agent's key policy applies.
 */
export function createResolveKeyRoute(d: { resolveKey: KeyResolver; authorize: ApiKeyAuth; logger: Logger }) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const reference = randomUUID().slice(0, 8);
    try {
      const raw = Object.fromEntries(url.searchParams);
      const target = `${raw.provider ?? '?'}/${raw.environment ?? '?'}${raw.agent ? `/${raw.agent}` : ''}`;
      // Authenticated before the query is read, so a caller without a key learns nothing about the parameters.
      const loose = query.partial().safeParse(raw);
      const need = { action: 'resolve_key' as const, ...(loose.success ? loose.data : {}) };
      const caller = await d.authorize(req, url, { action: 'key.resolve', target, need });
      const parsed = query.safeParse(raw);
      if (!parsed.success) throw new WardenError(ERROR_CODES.invalidInput, parsed.error.issues.map((i) => i.message).join('; '));
      const resolved = await d.resolveKey({ ...parsed.data, caller: caller.actor });
      sendJson(res, 200, resolved);
    } catch (err) {
      if (!(err instanceof WardenError)) d.logger.error('Key resolution failed', { reference, path: url.pathname, err });
      sendError(res, err, reference);
    }
  };
}
