import type { Db } from '../client';

export type EvidenceFormat = 'csv' | 'json';

/**
 * A closed review's evidence as ordered chunks: written a page at a time while it is produced, read back a
 * few chunks at a time while it is served. The review row keeps only the hashes.
 */
export function createReviewEvidenceStore(db: Db) {
  return {
    /** Drops what an interrupted attempt wrote, so the next attempt writes the evidence from its start. */
    async clearEvidence(reviewId: string): Promise<void> {
      await db.reviewEvidenceChunk.deleteMany({ where: { reviewId } });
    },

    async writeEvidenceChunk(reviewId: string, format: EvidenceFormat, seq: number, body: string): Promise<void> {
      await db.reviewEvidenceChunk.createMany({ data: [{ reviewId, format, seq, body }], skipDuplicates: true });
    },

    /** Up to `limit` chunks after `afterSeq`, in order. */
    evidenceChunks: (reviewId: string, format: EvidenceFormat, afterSeq: number, limit: number) =>
      db.reviewEvidenceChunk.findMany({ where: { reviewId, format, seq: { gt: afterSeq } }, orderBy: { seq: 'asc' }, take: limit, select: { seq: true, body: true } }),

    /** Closes the review with the hashes of the evidence already written; a closed review stays as it is. */
    async closeWithEvidence(reviewId: string, evidence: { jsonSha256: string; csvSha256: string; auditHeadHash: string }, now: Date): Promise<void> {
      await db.review.updateMany({
        where: { id: reviewId, status: 'open' },
        data: { status: 'closed', closedAt: now, evidenceSha256: evidence.jsonSha256, evidenceCsvSha256: evidence.csvSha256, auditHeadHash: evidence.auditHeadHash },
      });
    },

    /** What the evidence download needs before it streams: status and hashes (and a legacy review's text). */
    evidenceHeader: (reviewId: string) =>
      db.review.findUnique({ where: { id: reviewId }, select: { status: true, evidenceSha256: true, evidenceCsvSha256: true, auditHeadHash: true } }),
  };
}
