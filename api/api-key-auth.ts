import type { IncomingMessage } from 'node:http';
import type { ApiKeyVerifier } from '../lib/api-keys/api-key-verifier';
import { missingScope, type ScopeNeed } from '../lib/api-keys/scopes';
import type { ApiKeyScopes } from '../lib/contracts';
import { ERROR_CODES, WardenError } from '../lib/errors';
import { refusedBy, type RefusalAudit } from './refusal-audit';

export const API_KEY_REQUIRED = 'A valid Warden API key is required (Authorization: Bearer wk_live_…); create one with /warden apikeys create.';

export interface Attempt {
  /** The audit action of what is attempted (`key.resolve`). */
  action: string;
  target: string | null;
  need: ScopeNeed;
}

/** Who called, as proven by the key: the audit log's actor (never a header the caller writes). */
export interface ApiCaller {
  actor: string;
  prefix: string;
  name: string;
  scopes: ApiKeyScopes;
}

export const bearer = (req: IncomingMessage): string | undefined => {
  const header = req.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice(7).trim() || undefined : undefined;
};

/**
 * The one check every service route makes: a working API key (401 otherwise) whose scopes cover this call
 * (403 naming the missing scope otherwise). Both refusals are audited; a refusal of a known key names it.
 */
export function createApiKeyAuth(d: { verifier: Pick<ApiKeyVerifier, 'verify'>; refusals: Pick<RefusalAudit, 'refused'> }) {
  return async function authorize(req: IncomingMessage, url: URL, attempt: Attempt): Promise<ApiCaller> {
    const verdict = await d.verifier.verify(bearer(req));
    const refusal = { ...refusedBy(req), action: attempt.action, target: attempt.target?.slice(0, 120) ?? null, path: url.pathname };
    if (!verdict.ok) {
      await d.refusals.refused({ ...refusal, reason: verdict.reason });
      throw new WardenError(ERROR_CODES.unauthorized, API_KEY_REQUIRED);
    }
    const actor = `apikey:${verdict.key.prefix}`;
    const lacking = missingScope(verdict.key.scopes, attempt.need);
    if (lacking) {
      await d.refusals.refused({ ...refusal, actor, reason: `scope missing: ${lacking}` });
      throw new WardenError(ERROR_CODES.scopeMissing, `API key ${verdict.key.prefix} (${verdict.key.name}) lacks the scope ${lacking}; nothing was returned.`, {
        missingScope: lacking,
      });
    }
    return { actor, prefix: verdict.key.prefix, name: verdict.key.name, scopes: verdict.key.scopes };
  };
}

export type ApiKeyAuth = ReturnType<typeof createApiKeyAuth>;
