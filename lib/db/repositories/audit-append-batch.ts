import type { Db } from '../client';
import type { Prisma } from '../generated/client';
import { eventHash, eventSelect, GENESIS_HASH, type EventRow, type HashedFields } from './audit-chain';

// Any fixed number unique to this purpose (Prisma's migrate lock is 72707369). Every writer of the chain, in
// every process, holds it for its whole transaction, so each batch chains onto the one committed just before.
export const AUDIT_APPEND_LOCK_ID = 1_096_107_008;
const TX_OPTIONS = { maxWait: 15_000, timeout: 15_000 };

export type PreparedEvent = HashedFields & { details: Record<string, unknown> };

const READ_HEAD_AND_KEYS = `SELECT (SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1) AS head,
  ARRAY(SELECT idempotency_key FROM audit_events WHERE idempotency_key = ANY($1::text[])) AS existing`;
// One statement for the whole batch: each column travels as one array parameter. `at` is written as UTC wall
// time into timestamp(3), as Prisma writes it, whatever the session's time zone.
const INSERT_BATCH = `INSERT INTO audit_events (idempotency_key, at, actor, action, target, outcome, workflow_id, request_id, details, prev_hash, hash)
  SELECT * FROM unnest($1::text[], $2::timestamp(3)[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::jsonb[], $10::text[], $11::text[])
  RETURNING seq, hash`;

/**
 * Appends a batch of events with distinct idempotency keys in ONE transaction under the append lock: one
 * read of the head and of the keys already stored, then every new event chained onto the one before it and
 * inserted by one multi-row INSERT. Answers the stored row for every key, new or already there.
 * All or nothing: on any failure nothing of the batch is stored.
 */
export async function appendBatch(db: Db, events: readonly PreparedEvent[]): Promise<Map<string, EventRow>> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_APPEND_LOCK_ID})`;
    // Read after the lock, in a statement of its own: under READ COMMITTED each statement sees what was
    // committed before it started, so the head and the keys include the batch committed just before ours.
    const keys = events.map((e) => e.idempotencyKey);
    const [read] = await tx.$queryRawUnsafe<Array<{ head: string | null; existing: string[] }>>(READ_HEAD_AND_KEYS, keys);
    const stored = new Map<string, EventRow>();
    if (read!.existing.length > 0) {
      // A retry of something already stored (rare): answer exactly what was stored then.
      const rows = await tx.auditEvent.findMany({ where: { idempotencyKey: { in: read!.existing } }, select: eventSelect });
      for (const row of rows) stored.set(row.idempotencyKey, row);
    }
    const fresh = events.filter((e) => !stored.has(e.idempotencyKey));
    if (fresh.length === 0) return stored;

    let prevHash = read!.head ?? GENESIS_HASH;
    const rows = fresh.map((e) => {
      const hash = eventHash(prevHash, e);
      const row = { ...e, prevHash, hash };
      prevHash = hash;
      return row;
    });
    const created = await tx.$queryRawUnsafe<Array<{ seq: bigint; hash: string }>>(INSERT_BATCH, ...columns(rows));
    // The chain is read in seq order, so seq must follow the order the hashes were chained in. One INSERT takes
    // its sequence values row by row in order; this check makes that an enforced fact rather than an assumption.
    created.sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0));
    if (created.length !== rows.length || created.some((c, i) => c.hash !== rows[i]!.hash)) {
      throw new Error('Audit batch was not stored in chain order; rolled back.');
    }
    // What was written is what reads back (prepareEvent gave every field its stored form), so the answer is
    // built from it and the seq the database assigned, without reading the rows again.
    rows.forEach((row, i) => stored.set(row.idempotencyKey, { ...row, details: row.details as Prisma.JsonObject, seq: created[i]!.seq }));
    return stored;
  }, TX_OPTIONS);
}

function columns(rows: ReadonlyArray<PreparedEvent & { prevHash: string; hash: string }>): unknown[][] {
  return [
    rows.map((r) => r.idempotencyKey),
    rows.map((r) => r.at.toISOString().slice(0, -1)),
    rows.map((r) => r.actor),
    rows.map((r) => r.action),
    rows.map((r) => r.target),
    rows.map((r) => r.outcome),
    rows.map((r) => r.workflowId),
    rows.map((r) => r.requestId),
    rows.map((r) => JSON.stringify(r.details)),
    rows.map((r) => r.prevHash),
    rows.map((r) => r.hash),
  ];
}

// Failures of the database or the connection, not of any one event: splitting the batch cannot help.
const ENVIRONMENTAL_PRISMA_CODES = /^P1\d{3}$|^P2024$|^P2028$|^P2034$/;
const ENVIRONMENTAL_SQLSTATE_CLASSES = new Set(['08', '40', '53', '57', '58', 'XX']);

/**
 * Whether a failed batch may have failed because of one of its events (a NUL byte, an over-long indexed
 * value, a constraint): then the batch is split to find it. Errors of the connection, pool, transaction
 * timeout or server are not: everyone in the batch gets them, as each would have alone.
 */
export function mayBeCausedByOneEvent(err: unknown): boolean {
  const e = err as { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } }; cause?: { originalCode?: unknown } };
  const prismaCode = typeof e?.code === 'string' ? e.code : undefined;
  if (prismaCode && ENVIRONMENTAL_PRISMA_CODES.test(prismaCode)) return false;
  const sqlState = e?.meta?.driverAdapterError?.cause?.originalCode ?? e?.cause?.originalCode;
  if (typeof sqlState === 'string' && ENVIRONMENTAL_SQLSTATE_CLASSES.has(sqlState.slice(0, 2))) return false;
  return true;
}
