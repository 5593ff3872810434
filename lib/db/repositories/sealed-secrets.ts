import type { SealedEnvelope } from '../../crypto/envelope';
import { ERROR_CODES, WardenError } from '../../errors';
import type { Db } from '../client';

export type SealedSecretRepository = ReturnType<typeof createSealedSecretRepository>;

const envelopeSelect = {
  ciphertext: true,
  iv: true,
  authTag: true,
  wrappedKey: true,
  kekId: true,
  kekVersion: true,
} as const;

/**
 * The one repository that returns ciphertext, and only to lib/crypto callers: sealed envelopes go in and
 * come out unopened. The database never sees a data key in the clear or a provider key at all.
 */
export function createSealedSecretRepository(db: Db) {
  return {
    /** Idempotent: a retried activity that stores the same id again changes nothing. */
    async put(id: string, envelope: SealedEnvelope): Promise<void> {
      // createMany's skipDuplicates is Prisma's INSERT … ON CONFLICT DO NOTHING.
      await db.sealedSecret.createMany({ data: [{ id, ...envelopeData(envelope) }], skipDuplicates: true });
    },

    /**
     * The bot's write: a resubmitted form (same request, same id) replaces what an earlier attempt sealed,
     * so the key the admin typed last is the one used, until a key row claims the secret. From then on the
     * sealed value belongs to that key and is never overwritten.
     */
    async putForRequest(id: string, envelope: SealedEnvelope): Promise<void> {
      await db.$transaction(async (tx) => {
        const claimed = await tx.providerKey.findFirst({ where: { sealedSecretId: id }, select: { id: true } });
        if (claimed) return;
        const data = envelopeData(envelope);
        await tx.sealedSecret.upsert({ where: { id }, create: { id, ...data }, update: data });
      });
    },

    /** Deletes a secret whose work is done; one a provider key row holds is never deleted, since that key needs it. */
    async removeUnclaimed(id: string): Promise<boolean> {
      const deleted = await db.$executeRaw`
        DELETE FROM sealed_secrets s WHERE s.id = ${id} AND NOT EXISTS (SELECT 1 FROM provider_keys k WHERE k.sealed_secret_id = s.id)`;
      return deleted > 0;
    },

    /**
     * Leftovers nothing will open again, deleted: key submissions (`sec_…`) no key row claimed by `createdBefore`
     * (the form's workflow never started, or was refused before storing the key), and subjects of data-subject
     * requests (`dsar-subject:…`) that ended, or that never opened by `createdBefore`. Other secrets are untouched.
     */
    async purgeLeftovers(createdBefore: Date): Promise<{ keySubmissions: number; dsarSubjects: number }> {
      const keySubmissions = await db.$executeRaw`
        DELETE FROM sealed_secrets s
         WHERE left(s.id, 4) = 'sec_' AND s.created_at < ${createdBefore}
           AND NOT EXISTS (SELECT 1 FROM provider_keys k WHERE k.sealed_secret_id = s.id)`;
      const dsarSubjects = await db.$executeRaw`
        DELETE FROM sealed_secrets s
         WHERE left(s.id, 13) = 'dsar-subject:'
           AND (EXISTS (SELECT 1 FROM dsar_requests r WHERE s.id = 'dsar-subject:' || r.id AND r.status IN ('denied', 'fulfilled', 'failed'))
                OR (s.created_at < ${createdBefore} AND NOT EXISTS (SELECT 1 FROM dsar_requests r WHERE s.id = 'dsar-subject:' || r.id)))`;
      return { keySubmissions, dsarSubjects };
    },

    async get(id: string): Promise<SealedEnvelope | null> {
      const row = await db.sealedSecret.findUnique({ where: { id }, select: envelopeSelect });
      if (!row) return null;
      return {
        ciphertext: Buffer.from(row.ciphertext),
        iv: Buffer.from(row.iv),
        authTag: Buffer.from(row.authTag),
        wrappedKey: Buffer.from(row.wrappedKey),
        kekId: row.kekId,
        kekVersion: row.kekVersion,
      };
    },

    /**
     * Secrets still wrapped by one KEK version, for re-wrapping under a new master key. A re-wrapped secret
     * leaves this list, so a job can call it repeatedly until it comes back empty.
     */
    async listIdsByKek(kekId: string, kekVersion: number, limit: number): Promise<string[]> {
      const rows = await db.sealedSecret.findMany({
        where: { kekId, kekVersion },
        select: { id: true },
        orderBy: { id: 'asc' },
        take: limit,
      });
      return rows.map((r) => r.id);
    },

    /**
     * Stores a new wrapping of the same data key. Re-wrapping never changes the payload, so the update only
     * applies while ciphertext, iv and auth tag still match the stored ones: a caller that re-sealed the
     * secret by mistake gets an error rather than silently replacing it.
     */
    async replaceWrapping(id: string, envelope: SealedEnvelope): Promise<void> {
      const { count } = await db.sealedSecret.updateMany({
        where: { id, ciphertext: { equals: bytes(envelope.ciphertext) }, iv: { equals: bytes(envelope.iv) }, authTag: { equals: bytes(envelope.authTag) } },
        data: { wrappedKey: bytes(envelope.wrappedKey), kekId: envelope.kekId, kekVersion: envelope.kekVersion, rewrappedAt: new Date() },
      });
      if (count === 1) return;
      const exists = await db.sealedSecret.findUnique({ where: { id }, select: { id: true } });
      if (!exists) {
        throw new WardenError(ERROR_CODES.sealedSecretMissing, 'The sealed secret to re-wrap no longer exists.', { sealedSecretId: id });
      }
      throw new WardenError(ERROR_CODES.invalidInput, 'Re-wrapping must keep the sealed payload unchanged.', { sealedSecretId: id });
    },
  };
}

function envelopeData(e: SealedEnvelope) {
  return { ciphertext: bytes(e.ciphertext), iv: bytes(e.iv), authTag: bytes(e.authTag), wrappedKey: bytes(e.wrappedKey), kekId: e.kekId, kekVersion: e.kekVersion };
}

/** Prisma's Bytes type wants a Uint8Array over a plain ArrayBuffer; a Buffer may sit in Node's shared pool. */
function bytes(b: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(b);
}
