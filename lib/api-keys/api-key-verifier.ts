import type { ApiKeyHasher } from '../crypto/api-key-hasher';
import type { ApiKeyRepository, ApiKeyView } from '../db/repositories/api-keys';
import type { Logger } from '../log';

export type ApiKeyVerdict =
  | { ok: true; key: Pick<ApiKeyView, 'id' | 'prefix' | 'name' | 'ownerSlackId' | 'scopes' | 'expiresAt' | 'overlapEndsAt'> }
  | { ok: false; reason: 'no api key' | 'not an api key' | 'unknown api key' | 'wrong api key' | 'revoked api key' | 'expired api key'; prefix: string | null };

export interface ApiKeyVerifierDeps {
  apiKeys: Pick<ApiKeyRepository, 'findByPrefix' | 'recordLastUsed'>;
  hasher: Pick<ApiKeyHasher, 'prefixOf' | 'matches'>;
  /** Tells the verifier that keys changed (PostgreSQL NOTIFY from the api_keys trigger); returns stop(). */
  subscribe?(onChange: () => void): Promise<() => Promise<void>>;
  /** How often last-used times are written (one batch per interval, not one write per request). */
  flushEveryMs: number;
  /** Keys (and unknown prefixes) remembered at once; the oldest is forgotten first. */
  maxEntries?: number;
  now?: () => Date;
  logger: Logger;
}

/**
 * Answers "is this a working key, and what may it do" from memory after the first lookup of a prefix: an HMAC
 * and a constant-time compare, no database round trip. The copy is dropped whenever the api_keys trigger
 * notifies (create, revoke, rotate), and on reconnect, since notifications sent while disconnected are lost.
 * Expiry and the end of a rotation overlap are compared at the moment of the question, so they need no
 * notification: a key stops working on time even if the workflow that revokes it is late.
 */
export function createApiKeyVerifier(d: ApiKeyVerifierDeps) {
  const now = d.now ?? (() => new Date());
  const maxEntries = d.maxEntries ?? 10_000;
  let cache = new Map<string, ApiKeyView | null>();
  let generation = 0;
  const lastUsed = new Map<string, Date>();
  let unsubscribe: (() => Promise<void>) | null = null;
  let timer: NodeJS.Timeout | null = null;

  async function lookup(prefix: string): Promise<ApiKeyView | null> {
    if (cache.has(prefix)) return cache.get(prefix)!;
    const started = generation;
    const row = await d.apiKeys.findByPrefix(prefix);
    // A change notified while the row was being read may have made it stale: answer, but do not keep it.
    if (started === generation) {
      cache.set(prefix, row);
      if (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
    }
    return row;
  }

  async function flush(): Promise<void> {
    if (lastUsed.size === 0) return;
    const batch = [...lastUsed].map(([id, at]) => ({ id, at }));
    lastUsed.clear();
    try {
      await d.apiKeys.recordLastUsed(batch);
    } catch (err) {
      d.logger.warn('Could not record when API keys were last used; will retry', { keys: batch.length, err });
      for (const u of batch) if (!lastUsed.has(u.id)) lastUsed.set(u.id, u.at);
    }
  }

  return {
    async start(): Promise<void> {
      if (d.subscribe) unsubscribe = await d.subscribe(() => {
        generation += 1;
        cache = new Map();
      });
      timer = setInterval(() => void flush(), d.flushEveryMs);
      timer.unref();
    },

    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      await unsubscribe?.();
      await flush();
    },

    /** Writes pending last-used times now (tests, shutdown). */
    flush,

    async verify(presented: string | undefined): Promise<ApiKeyVerdict> {
      if (!presented) return { ok: false, reason: 'no api key', prefix: null };
      const prefix = d.hasher.prefixOf(presented);
      if (!prefix) return { ok: false, reason: 'not an api key', prefix: null };
      const row = await lookup(prefix);
      if (!row) return { ok: false, reason: 'unknown api key', prefix };
      if (!d.hasher.matches(presented, row)) return { ok: false, reason: 'wrong api key', prefix };
      if (row.revokedAt) return { ok: false, reason: 'revoked api key', prefix };
      const t = now();
      if ((row.expiresAt && row.expiresAt <= t) || (row.overlapEndsAt && row.overlapEndsAt <= t)) return { ok: false, reason: 'expired api key', prefix };
      lastUsed.set(row.id, t);
      const { id, name, ownerSlackId, scopes, expiresAt, overlapEndsAt } = row;
      return { ok: true, key: { id, prefix, name, ownerSlackId, scopes, expiresAt, overlapEndsAt } };
    },
  };
}

export type ApiKeyVerifier = ReturnType<typeof createApiKeyVerifier>;
