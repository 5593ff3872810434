import { escapeMrkdwn, KEY_ENVIRONMENTS, PROVIDERS } from '../contracts';

/**
 * Break-glass scopes: `all`, `ingestion`, `access-grants`, `provider:<provider>` (every key of that
 * provider) and `key:<provider>/<environment>` (one key slot).
 */
export function parseBreakGlassScope(raw: string): { ok: true; scope: string } | { ok: false; message: string } {
  const scope = raw.trim().toLowerCase().replace(/openai-compatible/g, 'openai_compatible');
  if (scope === 'all' || scope === 'ingestion' || scope === 'access-grants') return { ok: true, scope };
  const provider = /^provider:([a-z_]+)$/.exec(scope)?.[1];
  if (provider && (PROVIDERS as readonly string[]).includes(provider)) return { ok: true, scope };
  const key = /^key:([a-z_]+)\/([a-z]+)$/.exec(scope);
  if (key && (PROVIDERS as readonly string[]).includes(key[1]!) && (KEY_ENVIRONMENTS as readonly string[]).includes(key[2]!)) return { ok: true, scope };
  return {
    ok: false,
    message: `"${escapeMrkdwn(raw)}" is not a break-glass scope. Use all, ingestion, access-grants, provider:<${PROVIDERS.join('|')}> or key:<provider>/<${KEY_ENVIRONMENTS.join('|')}>.`,
  };
}

/** Whether an active flag on `flagScope` stops automation asking about `scope`. */
export function breakGlassCovers(flagScope: string, scope: string): boolean {
  if (flagScope === 'all' || flagScope === scope) return true;
  const provider = /^provider:(.+)$/.exec(flagScope)?.[1];
  return provider !== undefined && scope.startsWith(`key:${provider}/`);
}
