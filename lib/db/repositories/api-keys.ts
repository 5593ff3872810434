import type { ApiKeyScopes } from '../../contracts/agents-and-api-keys';
import type { Db } from '../client';
import { isUniqueViolation } from './prisma-errors';

/** An API key as Warden knows it: its prefix and keyed hash, never the key. */
export interface ApiKeyView {
  id: string;
  prefix: string;
  keyHash: string;
  hashVersion: number;
  name: string;
  ownerSlackId: string;
  scopes: ApiKeyScopes;
  expiresAt: Date | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  revokedBy: string | null;
  replacesId: string | null;
  overlapEndsAt: Date | null;
}

/** What a new key's row is made of: the view's own fields, plus the request that made it (one row per request). */
export type CreateApiKeyRow = Pick<ApiKeyView, 'prefix' | 'keyHash' | 'hashVersion' | 'name' | 'ownerSlackId' | 'scopes' | 'expiresAt'> & {
  requestId: string;
  replacesId?: string | null;
};

const select = {
  id: true, prefix: true, keyHash: true, hashVersion: true, name: true, ownerSlackId: true, scopes: true, expiresAt: true,
  createdAt: true, lastUsedAt: true, revokedAt: true, revokedBy: true, replacesId: true, overlapEndsAt: true,
} as const;

const view = (row: Omit<ApiKeyView, 'scopes'> & { scopes: unknown }): ApiKeyView => ({ ...row, scopes: row.scopes as ApiKeyScopes });

export type ApiKeyRepository = ReturnType<typeof createApiKeyRepository>;

export function createApiKeyRepository(db: Db) {
  return {
    async findByPrefix(prefix: string): Promise<ApiKeyView | null> {
      const row = await db.apiKey.findUnique({ where: { prefix }, select });
      return row ? view(row) : null;
    },

    /** Once per request: a retried step finds the row its first attempt wrote. */
    async create(input: CreateApiKeyRow): Promise<ApiKeyView> {
      try {
        return view(await db.apiKey.create({ data: { ...input, scopes: input.scopes as object }, select }));
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        const existing = await db.apiKey.findUnique({ where: { requestId: input.requestId }, select });
        if (!existing) throw err;
        return view(existing);
      }
    },

    /** Newest first, revoked ones included (the list says which). */
    async list(): Promise<ApiKeyView[]> {
      return (await db.apiKey.findMany({ select, orderBy: { createdAt: 'desc' } })).map(view);
    },

    /** Keys this person owns that still work: what to rotate when their role ends. */
    async listWorkingOwnedBy(ownerSlackId: string, now: Date): Promise<ApiKeyView[]> {
      const rows = await db.apiKey.findMany({
        where: { ownerSlackId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
        select,
        orderBy: { createdAt: 'asc' },
      });
      return rows.map(view);
    },

    /** Marks the key revoked; a key already revoked keeps its first revocation. */
    async revoke(prefix: string, by: string, at: Date): Promise<boolean> {
      const { count } = await db.apiKey.updateMany({ where: { prefix, revokedAt: null }, data: { revokedAt: at, revokedBy: by } });
      return count > 0;
    },

    async setOverlapEnd(prefix: string, overlapEndsAt: Date): Promise<void> {
      await db.apiKey.updateMany({ where: { prefix, revokedAt: null }, data: { overlapEndsAt } });
    },

    /**
     * Last use, written in batches by the key API (one statement per flush, not one per request). Only ever moves
     * forward, so an older batch from another API process cannot move it back.
     */
    async recordLastUsed(uses: Array<{ id: string; at: Date }>): Promise<void> {
      for (const u of uses) {
        await db.apiKey.updateMany({ where: { id: u.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: u.at } }] }, data: { lastUsedAt: u.at } });
      }
    },
  };
}
