import type { IngestMethod, KeyPayer } from '../../contracts/ingestion';
import type { Db } from '../client';

export interface ChunkSource {
  orgId: string;
  ingestionId: string;
  itemKey: string;
  sourceKind: 'slack_file' | 'web_page';
  source: string;
  sourceRef: string;
  uploadedBySlackId: string;
  requestedBySlackId: string;
}

export interface NewChunk {
  text: string;
  page: number | null;
}

const chunkSelect = {
  id: true,
  ingestionId: true,
  itemKey: true,
  sourceKind: true,
  source: true,
  sourceRef: true,
  page: true,
  seq: true,
  method: true,
  paidBy: true,
  text: true,
  chars: true,
  uploadedBySlackId: true,
  requestedBySlackId: true,
  createdAt: true,
} as const;

export type KnowledgeChunkRepository = ReturnType<typeof createKnowledgeChunkRepository>;

/** Ingested text. Who uploaded each chunk is a column, so data rights can find and erase a person's chunks. */
export function createKnowledgeChunkRepository(db: Db) {
  return {
    /**
     * Stores an item's chunks for one method, replacing whatever an earlier attempt of the same item stored,
     * so a retried activity leaves exactly one copy.
     */
    async replaceItemChunks(source: ChunkSource, method: IngestMethod, paidBy: KeyPayer | null, chunks: NewChunk[]): Promise<{ stored: number; chars: number }> {
      const rows = chunks.map((c, seq) => ({ ...source, method, paidBy, page: c.page, seq, text: c.text, chars: c.text.length }));
      await db.$transaction([
        db.knowledgeChunk.deleteMany({ where: { itemKey: source.itemKey, method } }),
        db.knowledgeChunk.createMany({ data: rows }),
      ]);
      return { stored: rows.length, chars: rows.reduce((n, r) => n + r.chars, 0) };
    },

    listForIngestion: (ingestionId: string) =>
      db.knowledgeChunk.findMany({ where: { ingestionId }, select: chunkSelect, orderBy: [{ itemKey: 'asc' }, { method: 'asc' }, { seq: 'asc' }] }),

    /** Every chunk a person uploaded (a data-rights request finds them here). */
    findByUploader: (slackUserId: string) =>
      db.knowledgeChunk.findMany({ where: { uploadedBySlackId: slackUserId }, select: chunkSelect, orderBy: { createdAt: 'asc' } }),

    /** Erases every chunk a person uploaded; answers how many went. */
    async eraseByUploader(slackUserId: string): Promise<number> {
      return (await db.knowledgeChunk.deleteMany({ where: { uploadedBySlackId: slackUserId } })).count;
    },
  };
}
