import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { ApiKeyVerifier } from '../lib/api-keys/api-key-verifier';
import { ERROR_CODES, WardenError } from '../lib/errors';
import type { Logger } from '../lib/log';
import { sendError, sendJson } from './http-errors';
import { issues, readJsonBody } from './read-json-body';
import { refusedBy, type RefusalAudit } from './refusal-audit';

const body = z.object({ key: z.string({ error: 'key is required' }).min(1, 'key is required').max(200) });

/**
 * POST /v1/apikeys/verify {"key": "wk_live_…"}: the platform asks whether a chat or widget key works and what it
 * may do. The key is the credential; the answer comes from memory after the first lookup (lib/api-keys), so a
 * call costs an HMAC and a constant-time compare. Refusals are audited (aggregated per address past a few).
 */
export function createVerifyApiKeyRoute(d: { verifier: Pick<ApiKeyVerifier, 'verify'>; refusals: Pick<RefusalAudit, 'refused'>; logger: Logger }) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const reference = randomUUID().slice(0, 8);
    try {
      const parsed = body.safeParse(await readJsonBody(req));
      if (!parsed.success) throw new WardenError(ERROR_CODES.invalidInput, issues(parsed.error));
      const verdict = await d.verifier.verify(parsed.data.key);
      if (!verdict.ok) {
        await d.refusals.refused({ ...refusedBy(req), action: 'apikey.verify', target: verdict.prefix, path: url.pathname, reason: verdict.reason });
        sendJson(res, 401, { valid: false, error: ERROR_CODES.unauthorized, message: `Not a working Warden API key (${verdict.reason}).` });
        return;
      }
      const k = verdict.key;
      sendJson(res, 200, { valid: true, prefix: k.prefix, name: k.name, scopes: k.scopes, expiresAt: (k.overlapEndsAt ?? k.expiresAt)?.toISOString() ?? null });
    } catch (err) {
      if (!(err instanceof WardenError)) d.logger.error('API key verification failed', { reference, err });
      sendError(res, err, reference);
    }
  };
}
