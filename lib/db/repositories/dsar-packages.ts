import type { Db } from '../client';

export interface StoredChunk {
  iv: Buffer;
  authTag: Buffer;
  ciphertext: Buffer;
}

export interface CompletePackage {
  id: string;
  requestId: string;
  /** Which attempt's chunks make up the package. */
  chunkSet: string;
  wrappedKey: Buffer;
  kekId: string;
  kekVersion: number;
  chunkCount: number;
  byteCount: number;
  manifest: unknown;
}

export type DsarPackageRepository = ReturnType<typeof createDsarPackageRepository>;

export type LinkClaim = { ok: true; packageId: string } | { ok: false; why: 'unknown' | 'used' | 'expired' };

/**
 * Export packages and their download links. Chunks are ciphertext (lib/crypto chunk sealer): they go in and
 * come out unopened. Each attempt writes its chunks under its own chunk set; the package row, naming the set
 * that completed, is written in one INSERT once all of them are, so a package exists complete or not at all.
 */
export function createDsarPackageRepository(db: Db) {
  return {
    async findComplete(requestId: string): Promise<CompletePackage | null> {
      const row = await db.dsarPackage.findUnique({ where: { requestId } });
      if (!row) return null;
      return { ...row, wrappedKey: Buffer.from(row.wrappedKey), byteCount: Number(row.byteCount) };
    },

    async getById(id: string): Promise<CompletePackage | null> {
      const row = await db.dsarPackage.findUnique({ where: { id } });
      if (!row) return null;
      return { ...row, wrappedKey: Buffer.from(row.wrappedKey), byteCount: Number(row.byteCount) };
    },

    /** Chunks of attempts that did not complete (a crash, a zombie attempt): never read, so dropped. */
    async discardOrphans(packageId: string): Promise<number> {
      const done = await db.dsarPackage.findUnique({ where: { id: packageId }, select: { chunkSet: true } });
      const { count } = await db.dsarPackageChunk.deleteMany({
        where: { chunkSet: { startsWith: `${packageId}:` }, ...(done ? { NOT: { chunkSet: done.chunkSet } } : {}) },
      });
      return count;
    },

    async putChunk(chunkSet: string, seq: number, c: StoredChunk): Promise<void> {
      await db.dsarPackageChunk.create({ data: { chunkSet, seq, iv: bytes(c.iv), authTag: bytes(c.authTag), ciphertext: bytes(c.ciphertext) } });
    },

    /**
     * The one statement that makes a package complete (and so offerable). Answers the package that is complete
     * now: this one, or the one a concurrent attempt completed first.
     */
    async complete(p: CompletePackage): Promise<CompletePackage> {
      await db.dsarPackage.createMany({
        data: [{ ...p, wrappedKey: bytes(p.wrappedKey), byteCount: BigInt(p.byteCount), manifest: p.manifest as object }],
        skipDuplicates: true,
      });
      const row = await db.dsarPackage.findUniqueOrThrow({ where: { id: p.id } });
      return { ...row, wrappedKey: Buffer.from(row.wrappedKey), byteCount: Number(row.byteCount) };
    },

    /** A package's chunks in order, a few at a time, so a download never holds the whole package. */
    async *chunks(chunkSet: string, pageSize = 4): AsyncGenerator<{ seq: number } & StoredChunk> {
      for (let from = 0; ; from += pageSize) {
        const rows = await db.dsarPackageChunk.findMany({ where: { chunkSet, seq: { gte: from, lt: from + pageSize } }, orderBy: { seq: 'asc' } });
        for (const r of rows) yield { seq: r.seq, iv: Buffer.from(r.iv), authTag: Buffer.from(r.authTag), ciphertext: Buffer.from(r.ciphertext) };
        if (rows.length < pageSize) return;
      }
    },

    /** Every chunk row of a package's attempts, complete or not (tests check a retry left no second package). */
    async countChunkSets(packageId: string): Promise<number> {
      const sets = await db.dsarPackageChunk.groupBy({ by: ['chunkSet'], where: { chunkSet: { startsWith: `${packageId}:` } } });
      return sets.length;
    },

    async createLink(l: { id: string; packageId: string; tokenHash: string; expiresAt: Date }): Promise<void> {
      await db.dsarDownloadLink.create({ data: l });
    },

    /** Single use: the conditional UPDATE lets exactly one of any concurrent claims through. */
    async claimLink(tokenHash: string, now: Date): Promise<LinkClaim> {
      const { count } = await db.dsarDownloadLink.updateMany({ where: { tokenHash, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
      const link = await db.dsarDownloadLink.findUnique({ where: { tokenHash }, select: { packageId: true, usedAt: true } });
      if (!link) return { ok: false, why: 'unknown' };
      if (count === 1) return { ok: true, packageId: link.packageId };
      return { ok: false, why: link.usedAt ? 'used' : 'expired' };
    },
  };
}

function bytes(b: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(b);
}
