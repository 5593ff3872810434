import type { Db } from '../client';
import { appendBatch, mayBeCausedByOneEvent } from './audit-append-batch';
import { eventSelect, prepareEvent, toView, type AuditEventInput, type AuditEventView } from './audit-chain';
import { createGroupCommit } from './audit-group-commit';
import { verifyChain, type AuditVerification, type AuditVerifyOptions } from './audit-verify';

export { eventHash, GENESIS_HASH, type AuditEventInput, type AuditEventView } from './audit-chain';
export { AUDIT_VERIFY_PAGE_SIZE, type AuditVerification, type AuditVerifyOptions, type AuditVerifyProgress } from './audit-verify';

export interface AuditListFilter {
  action?: string;
  actor?: string;
  target?: string;
  limit?: number;
}

export type AuditLog = ReturnType<typeof createAuditLog>;

// One group commit per database client, so every audit log built on it in this process shares its batches.
const groupCommits = new WeakMap<Db, ReturnType<typeof createGroupCommit>>();

export function createAuditLog(db: Db) {
  let groupCommit = groupCommits.get(db);
  if (!groupCommit) {
    groupCommit = createGroupCommit({ writeBatch: (events) => appendBatch(db, events), mayBeCausedByOneEvent });
    groupCommits.set(db, groupCommit);
  }
  const commits = groupCommit;
  return {
    /**
     * Appends an event chained to the previous one; idempotent on `idempotencyKey` (a repeated key answers
     * the event first stored under it). Concurrent appends share one transaction (see audit-group-commit.ts);
     * the promise settles once this event is committed, or with the error that kept it out.
     */
    async append(e: AuditEventInput): Promise<AuditEventView> {
      return toView(await commits.append(prepareEvent(e)));
    },

    /** Recomputes the whole chain from the first event, in bounded memory; `onProgress` hears count and rate. */
    verify(opts?: AuditVerifyOptions): Promise<AuditVerification> {
      return verifyChain(db, opts);
    },

    /** Newest first; at most 1000 events per call (100 unless `limit` says otherwise). */
    async list(filter: AuditListFilter = {}): Promise<AuditEventView[]> {
      const rows = await db.auditEvent.findMany({
        where: { action: filter.action, actor: filter.actor, target: filter.target },
        orderBy: { seq: 'desc' },
        take: Math.min(Math.max(filter.limit ?? 100, 1), 1000),
        select: eventSelect,
      });
      return rows.map(toView);
    },
  };
}
