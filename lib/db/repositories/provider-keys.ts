import type { KeyEnvironment, KeyStatus, Provider } from '../../contracts/providers';
import { ERROR_CODES, KeyAlreadyAddedError, WardenError } from '../../errors';
import type { Db } from '../client';
import { Prisma } from '../generated/client';
import { isUniqueViolation } from './prisma-errors';

/** What Warden knows about a provider key: masked and fingerprinted, never the key or its ciphertext. */
export interface ProviderKeyView {
  id: string;
  provider: Provider;
  environment: KeyEnvironment;
  status: KeyStatus;
  baseUrl: string | null;
  fingerprint: string;
  /** Master-key version the fingerprint and binding are keyed under; null for a legacy fingerprint. */
  fingerprintVersion: number | null;
  /** MAC over the key's identity (lib/crypto/key-fingerprinter), checked before the key is used. */
  binding: string | null;
  maskedKey: string;
  sealedSecretId: string;
  ownerTeam: string | null;
  note: string | null;
  addedBySlackId: string;
  requestId: string;
  workflowId: string;
  createdAt: Date;
  activatedAt: Date | null;
  retiringAt: Date | null;
  revokeAfter: Date | null;
  revokedAt: Date | null;
  failureReason: string | null;
  replacedKeyId: string | null;
  lastCheckedAt: Date | null;
  lastCheckOutcome: string | null;
  lastCheckLatencyMs: number | null;
}

export interface CreatePendingKeyInput {
  requestId: string;
  workflowId: string;
  provider: Provider;
  environment: KeyEnvironment;
  baseUrl?: string | null;
  fingerprint: string;
  fingerprintVersion?: number | null;
  binding?: string | null;
  maskedKey: string;
  sealedSecretId: string;
  ownerTeam?: string | null;
  note?: string | null;
  addedBySlackId: string;
}

export type ProviderKeyRepository = ReturnType<typeof createProviderKeyRepository>;

const keySelect = {
  id: true, provider: true, environment: true, status: true, baseUrl: true, fingerprint: true, fingerprintVersion: true, binding: true, maskedKey: true,
  sealedSecretId: true, ownerTeam: true, note: true, addedBySlackId: true, requestId: true, workflowId: true,
  createdAt: true, activatedAt: true, retiringAt: true, revokeAfter: true, revokedAt: true, failureReason: true,
  replacedKeyId: true, lastCheckedAt: true, lastCheckOutcome: true, lastCheckLatencyMs: true,
} as const satisfies Prisma.ProviderKeySelect;

const NOT_ACTIVATABLE: ReadonlySet<KeyStatus> = new Set(['failed', 'revoked', 'compromised']);
/** Keys a new key must not duplicate: the one in service, the one still serving its grace period, one being added, one leaked. */
const IN_PLAY: KeyStatus[] = ['active', 'retiring', 'pending', 'compromised'];

// Serialises writers per slot; Warden's own transactions are short, so waiting a few seconds is plenty.
const TX_OPTIONS = { maxWait: 10_000, timeout: 15_000 };

type Tx = Prisma.TransactionClient;

export function createProviderKeyRepository(db: Db) {
  return {
    /** Idempotent on requestId: a retried activity gets the row its first attempt created. */
    async createPending(input: CreatePendingKeyInput): Promise<ProviderKeyView> {
      const existing = await db.providerKey.findUnique({ where: { requestId: input.requestId }, select: keySelect });
      if (existing) return existing;
      try {
        return await db.providerKey.create({
          data: {
            requestId: input.requestId, workflowId: input.workflowId, provider: input.provider, environment: input.environment,
            baseUrl: input.baseUrl ?? null, fingerprint: input.fingerprint, maskedKey: input.maskedKey,
            fingerprintVersion: input.fingerprintVersion ?? null, binding: input.binding ?? null,
            sealedSecretId: input.sealedSecretId, ownerTeam: input.ownerTeam ?? null, note: input.note ?? null,
            addedBySlackId: input.addedBySlackId, status: 'pending',
          },
          select: keySelect,
        });
      } catch (err) {
        // A concurrent attempt for the same request won the insert: answer with its row.
        if (!isUniqueViolation(err)) throw err;
        const winner = await db.providerKey.findUnique({ where: { requestId: input.requestId }, select: keySelect });
        if (winner) return winner;
        throw err;
      }
    },

    async get(id: string): Promise<ProviderKeyView | null> {
      return db.providerKey.findUnique({ where: { id }, select: keySelect });
    },

    /** The key in the slot: the slot, not the status column, is the authority on which key is active. */
    async findActive(provider: Provider, environment: KeyEnvironment): Promise<ProviderKeyView | null> {
      const slot = await db.keySlot.findUnique({
        where: { provider_environment: { provider, environment } },
        select: { activeKey: { select: keySelect } },
      });
      return slot?.activeKey ?? null;
    },

    /** The keys of one provider and environment that a new key must not duplicate (see IN_PLAY). */
    async listInPlay(provider: Provider, environment: KeyEnvironment): Promise<ProviderKeyView[]> {
      return db.providerKey.findMany({ select: keySelect, where: { provider, environment, status: { in: IN_PLAY } }, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] });
    },

    /**
     * Keys whose fingerprint is legacy, keyed under another master-key version than `version`, or unbound: what
     * the re-fingerprinting job still has to do. Paged by id, so a key it has to skip is not listed again.
     */
    async listUnstamped(version: number, opts: { afterId: string | null; limit: number }): Promise<ProviderKeyView[]> {
      return db.providerKey.findMany({
        select: keySelect,
        where: {
          ...(opts.afterId ? { id: { gt: opts.afterId } } : {}),
          OR: [{ fingerprintVersion: null }, { fingerprintVersion: { not: version } }, { binding: null }],
        },
        orderBy: { id: 'asc' },
        take: opts.limit,
      });
    },

    /**
     * Replaces a key's fingerprint and binding, only while the row still has the ones the caller checked, so
     * two jobs running at once (or a row changed meanwhile) cannot overwrite each other. False if it changed.
     */
    async replaceStamp(
      keyId: string,
      from: { fingerprint: string; fingerprintVersion: number | null },
      to: { fingerprint: string; fingerprintVersion: number; binding: string },
    ): Promise<boolean> {
      const { count } = await db.providerKey.updateMany({
        where: { id: keyId, fingerprint: from.fingerprint, fingerprintVersion: from.fingerprintVersion },
        data: { fingerprint: to.fingerprint, fingerprintVersion: to.fingerprintVersion, binding: to.binding },
      });
      return count === 1;
    },

    /** Active keys after `afterId` by id, `limit` of them: one health-sweep batch, never every key at once. */
    activeAfter: (afterId: string | null, limit: number): Promise<ProviderKeyView[]> =>
      db.providerKey.findMany({ where: { status: 'active', ...(afterId ? { id: { gt: afterId } } : {}) }, select: keySelect, orderBy: { id: 'asc' }, take: limit }),

    /** Every key, newest first (the /warden keys listing shows failed and revoked ones too). */
    async list(): Promise<ProviderKeyView[]> {
      return db.providerKey.findMany({ select: keySelect, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] });
    },

    /**
     * What `/warden keys` shows: every key still in play (active, retiring, pending, compromised) and
     * only the most recent finished ones, so a long history never hides the active keys or slows the ack.
     */
    async listOverview(opts: { recentFinished: number }): Promise<{ keys: ProviderKeyView[]; finishedNotShown: number }> {
      const finished = { status: { in: ['revoked', 'failed'] as KeyStatus[] } };
      const [current, recent, finishedCount] = await Promise.all([
        db.providerKey.findMany({ select: keySelect, where: { NOT: finished }, orderBy: [{ provider: 'asc' }, { environment: 'asc' }, { createdAt: 'desc' }] }),
        db.providerKey.findMany({ select: keySelect, where: finished, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], take: opts.recentFinished }),
        db.providerKey.count({ where: finished }),
      ]);
      return { keys: [...current, ...recent], finishedNotShown: finishedCount - recent.length };
    },

    /**
     * Makes a key the active one for its provider and environment, in one transaction: the slot row is locked
     * first, so concurrent activations queue and each sees the key the previous one installed. The previous
     * key becomes retiring (revoked by a later step after the grace period). Retrying returns the same answer.
     */
    async activate(keyId: string, opts: { now: Date; graceMs: number }): Promise<{ activated: ProviderKeyView; previous: ProviderKeyView | null }> {
      return db.$transaction(async (tx) => {
        const target = await requireKey(tx, keyId);
        const slot = await lockSlot(tx, target.provider, target.environment, opts.now);
        // Read again under the slot lock: another transaction may have changed the key while we waited.
        const key = await requireKey(tx, keyId);

        // Activated before: this is a retry whose first attempt committed but whose answer was lost (a killed
        // worker, a Temporal restart). It answers as the first attempt did and changes nothing, even when a later
        // rotation has since retired or revoked the key: bringing it back would undo that rotation.
        if (key.activatedAt) {
          const previous = key.replacedKeyId ? await tx.providerKey.findUnique({ where: { id: key.replacedKeyId }, select: keySelect }) : null;
          return { activated: key, previous };
        }
        if (NOT_ACTIVATABLE.has(key.status)) {
          throw new WardenError(ERROR_CODES.invalidInput, `This key is ${key.status} and cannot be made active.`, { keyId, status: key.status });
        }

        let previous: ProviderKeyView | null = null;
        if (slot.activeKeyId && slot.activeKeyId !== keyId) {
          // The add's own check runs before the key is stored; this one, under the slot lock, also covers two
          // adds of one key that raced past it. Fingerprints of different kinds or versions are never compared.
          const active = await requireKey(tx, slot.activeKeyId);
          if (active.fingerprint === key.fingerprint && active.fingerprintVersion === key.fingerprintVersion) throw new KeyAlreadyAddedError(active);
          previous = await tx.providerKey.update({
            where: { id: slot.activeKeyId },
            data: { status: 'retiring', retiringAt: opts.now, revokeAfter: new Date(opts.now.getTime() + opts.graceMs) },
            select: keySelect,
          });
        }
        const activated = await tx.providerKey.update({
          where: { id: keyId },
          data: { status: 'active', activatedAt: opts.now, replacedKeyId: previous?.id ?? null },
          select: keySelect,
        });
        await tx.keySlot.update({
          where: { provider_environment: { provider: key.provider, environment: key.environment } },
          data: { activeKeyId: keyId, updatedAt: opts.now },
        });
        return { activated, previous };
      }, TX_OPTIONS);
    },

    /** Ends a retiring key's grace period. A key in any other state (say, re-activated) is left as it is. */
    async revokeRetiring(keyId: string, now: Date): Promise<ProviderKeyView> {
      await db.providerKey.updateMany({ where: { id: keyId, status: 'retiring' }, data: { status: 'revoked', revokedAt: now } });
      return requireKey(db, keyId);
    },

    /** Revokes a key in any state, emptying its slot if it was the active one. Idempotent. */
    async revoke(keyId: string, now: Date): Promise<ProviderKeyView> {
      return db.$transaction(async (tx) => {
        const key = await requireKey(tx, keyId);
        if (key.status === 'revoked') return key;
        // Same lock order as activate (slot, then key), so the two cannot deadlock.
        await tx.$queryRaw`SELECT 1 FROM key_slots WHERE provider = ${key.provider}::"Provider" AND environment = ${key.environment}::"KeyEnvironment" FOR UPDATE`;
        await tx.keySlot.updateMany({ where: { activeKeyId: keyId }, data: { activeKeyId: null, updatedAt: now } });
        return tx.providerKey.update({ where: { id: keyId }, data: { status: 'revoked', revokedAt: now }, select: keySelect });
      }, TX_OPTIONS);
    },

    /**
     * Containment for a leaked key: marks it compromised and empties its slot in one transaction, so key
     * resolution stops serving it at once. Idempotent; a revoked key stays revoked.
     */
    async markCompromised(keyId: string, now: Date): Promise<ProviderKeyView> {
      return db.$transaction(async (tx) => {
        const key = await requireKey(tx, keyId);
        // Same lock order as activate (slot, then key), so the two cannot deadlock.
        await tx.$queryRaw`SELECT 1 FROM key_slots WHERE provider = ${key.provider}::"Provider" AND environment = ${key.environment}::"KeyEnvironment" FOR UPDATE`;
        await tx.keySlot.updateMany({ where: { activeKeyId: keyId }, data: { activeKeyId: null, updatedAt: now } });
        if (key.status === 'revoked' || key.status === 'compromised') return requireKey(tx, keyId);
        return tx.providerKey.update({ where: { id: keyId }, data: { status: 'compromised', retiringAt: null, revokeAfter: null }, select: keySelect });
      }, TX_OPTIONS);
    },

    /** A pending key whose checks failed. Idempotent; a key past pending is left as it is. */
    async markFailed(keyId: string, reason: string): Promise<ProviderKeyView> {
      await db.providerKey.updateMany({ where: { id: keyId, status: 'pending' }, data: { status: 'failed', failureReason: reason } });
      return requireKey(db, keyId);
    },

    async recordHealthCheck(keyId: string, r: { at: Date; outcome: string; latencyMs: number }): Promise<void> {
      const { count } = await db.providerKey.updateMany({
        where: { id: keyId },
        data: { lastCheckedAt: r.at, lastCheckOutcome: r.outcome, lastCheckLatencyMs: Math.round(r.latencyMs) },
      });
      if (count === 0) throw keyNotFound(keyId);
    },
  };
}

async function requireKey(db: Db | Tx, keyId: string): Promise<ProviderKeyView> {
  const key = await db.providerKey.findUnique({ where: { id: keyId }, select: keySelect });
  if (!key) throw keyNotFound(keyId);
  return key;
}

function keyNotFound(keyId: string): WardenError {
  return new WardenError(ERROR_CODES.keyNotFound, 'No provider key with that id exists.', { keyId });
}

/** Creates the slot on first use, then locks it for the rest of the transaction. */
async function lockSlot(tx: Tx, provider: Provider, environment: KeyEnvironment, now: Date): Promise<{ activeKeyId: string | null }> {
  await tx.$executeRaw`
    INSERT INTO key_slots (provider, environment, active_key_id, updated_at)
    VALUES (${provider}::"Provider", ${environment}::"KeyEnvironment", NULL, ${now})
    ON CONFLICT (provider, environment) DO NOTHING`;
  const rows = await tx.$queryRaw<Array<{ active_key_id: string | null }>>`
    SELECT active_key_id FROM key_slots
     WHERE provider = ${provider}::"Provider" AND environment = ${environment}::"KeyEnvironment"
     FOR UPDATE`;
  const row = rows[0];
  if (!row) throw new Error(`key slot ${provider}/${environment} vanished inside its own transaction`);
  return { activeKeyId: row.active_key_id };
}
