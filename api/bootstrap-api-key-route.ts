import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { apiKeyScopes } from '../lib/api-keys/scopes';
import { isSlackUserId } from '../lib/contracts';
import type { ApiKeyHasher } from '../lib/crypto';
import type { ApiKeyRepository, AuditLog } from '../lib/db';
import { ERROR_CODES, WardenError } from '../lib/errors';
import type { Logger } from '../lib/log';
import { sendError, sendJson } from './http-errors';
import { issues, readJsonBody } from './read-json-body';
import { refusedBy, type RefusalAudit } from './refusal-audit';
import { createServiceTokenCheck, SERVICE_TOKEN_REQUIRED } from './service-token';

const body = z.object({
  name: z.string().trim().min(1, 'name is required').max(80),
  ownerSlackId: z.string().refine(isSlackUserId, 'ownerSlackId must be a Slack user id (U…)'),
  scopes: apiKeyScopes,
  expiresAt: z.iso.datetime({ error: 'expiresAt must be an ISO 8601 time' }).nullish(),
});

/**
 * POST /v1/apikeys with `Authorization: Bearer <WARDEN_SERVICE_TOKEN>`: the bootstrap, for the first keys of
 * the platform's services before anyone uses `/warden apikeys create`. It is the service token's only use;
 * without WARDEN_SERVICE_TOKEN this route does not exist (README "Retiring the service token"). The key is in
 * this answer and nowhere else.
 */
export function createBootstrapApiKeyRoute(d: {
  serviceToken: string;
  apiKeys: Pick<ApiKeyRepository, 'create'>;
  hasher: Pick<ApiKeyHasher, 'generate'>;
  audit: Pick<AuditLog, 'append'>;
  refusals: Pick<RefusalAudit, 'refused'>;
  logger: Logger;
}) {
  const checkToken = createServiceTokenCheck(d.serviceToken);
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const reference = randomUUID().slice(0, 8);
    try {
      const auth = checkToken(req);
      if (!auth.ok) {
        await d.refusals.refused({ ...refusedBy(req), action: 'apikey.create', target: null, path: url.pathname, reason: auth.reason });
        throw new WardenError(ERROR_CODES.unauthorized, SERVICE_TOKEN_REQUIRED);
      }
      const parsed = body.safeParse(await readJsonBody(req));
      if (!parsed.success) throw new WardenError(ERROR_CODES.invalidInput, issues(parsed.error));
      const fresh = d.hasher.generate();
      const requestId = `bootstrap:${randomUUID()}`;
      const row = await d.apiKeys.create({
        requestId,
        prefix: fresh.prefix,
        keyHash: fresh.keyHash,
        hashVersion: fresh.hashVersion,
        name: parsed.data.name,
        ownerSlackId: parsed.data.ownerSlackId,
        scopes: parsed.data.scopes,
        expiresAt: parsed.data.expiresAt ? new Date(parsed.data.expiresAt) : null,
      });
      await d.audit.append({
        idempotencyKey: `apikey-create:${requestId}`,
        actor: 'service-token:bootstrap',
        action: 'apikey.created',
        target: row.prefix,
        outcome: 'succeeded',
        requestId,
        details: { name: row.name, owner: row.ownerSlackId, scopes: row.scopes, expiresAt: row.expiresAt?.toISOString() ?? null, via: 'bootstrap' },
      });
      sendJson(res, 201, { key: fresh.apiKey, prefix: row.prefix, name: row.name, scopes: row.scopes, expiresAt: row.expiresAt?.toISOString() ?? null });
    } catch (err) {
      if (!(err instanceof WardenError)) d.logger.error('Bootstrap API key creation failed', { reference, err });
      sendError(res, err, reference);
    }
  };
}
