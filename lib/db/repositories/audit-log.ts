import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json';
import type { Db } from '../client';
import type { Prisma } from '../generated/client';

/**
 * One thing that happened. `details` is stored and shown as-is, forever (the log is append-only), so callers
 * must put only non-secret facts there: masked keys and fingerprints, never a key, token or ciphertext.
 */
export interface AuditEventInput {
  /** Makes a retried append (an activity retry, a redelivered Slack request) record the event once. */
  idempotencyKey: string;
  actor: string;
  action: string;
  target?: string | null;
  outcome: 'succeeded' | 'failed' | 'denied' | 'requested' | (string & {});
  workflowId?: string | null;
  requestId?: string | null;
  details?: Record<string, unknown>;
  at?: Date;
}

export interface AuditEventView {
  /** The position in the chain; a string because it is a bigint and views travel as JSON. */
  seq: string;
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  outcome: string;
  workflowId: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export type AuditVerification =
  | { ok: true; count: number; headHash: string }
  /** `count` is how many events verified before the broken one. */
  | { ok: false; count: number; brokenAtSeq: string; reason: string };

export interface AuditListFilter {
  action?: string;
  actor?: string;
  target?: string;
  limit?: number;
}

export type AuditLog = ReturnType<typeof createAuditLog>;

export const GENESIS_HASH = '0'.repeat(64);

// Any fixed number unique to this purpose (Prisma's migrate lock is 72707369). Holding it for the whole
// transaction makes appends take turns, so each one chains onto the event committed just before it.
const AUDIT_APPEND_LOCK_ID = 1_096_107_008;
const VERIFY_BATCH = 500;
const TX_OPTIONS = { maxWait: 15_000, timeout: 15_000 };

const eventSelect = {
  seq: true, idempotencyKey: true, at: true, actor: true, action: true, target: true, outcome: true,
  workflowId: true, requestId: true, details: true, prevHash: true, hash: true,
} as const satisfies Prisma.AuditEventSelect;

type EventRow = Prisma.AuditEventGetPayload<{ select: typeof eventSelect }>;

export function createAuditLog(db: Db) {
  return {
    /** Appends an event chained to the previous one; idempotent on `idempotencyKey`. */
    async append(e: AuditEventInput): Promise<AuditEventView> {
      const row = {
        idempotencyKey: e.idempotencyKey,
        at: e.at ?? new Date(),
        actor: e.actor,
        action: e.action,
        target: e.target ?? null,
        outcome: e.outcome,
        workflowId: e.workflowId ?? null,
        requestId: e.requestId ?? null,
        // Hash exactly what jsonb will give back: a Date becomes its ISO string, undefined disappears.
        details: JSON.parse(JSON.stringify(e.details ?? {})) as Record<string, unknown>,
      };
      const stored = await db.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_APPEND_LOCK_ID})`;
        const existing = await tx.auditEvent.findUnique({ where: { idempotencyKey: row.idempotencyKey }, select: eventSelect });
        if (existing) return existing;
        const head = await tx.auditEvent.findFirst({ orderBy: { seq: 'desc' }, select: { hash: true } });
        const prevHash = head?.hash ?? GENESIS_HASH;
        return tx.auditEvent.create({
          data: { ...row, details: row.details as Prisma.InputJsonObject, prevHash, hash: eventHash(prevHash, row) },
          select: eventSelect,
        });
      }, TX_OPTIONS);
      return toView(stored);
    },

    /** Recomputes the whole chain from the first event, a batch at a time. */
    async verify(): Promise<AuditVerification> {
      let expectedPrev = GENESIS_HASH;
      let count = 0;
      let after: bigint | undefined;
      for (;;) {
        const batch = await db.auditEvent.findMany({
          where: after === undefined ? {} : { seq: { gt: after } },
          orderBy: { seq: 'asc' },
          take: VERIFY_BATCH,
          select: eventSelect,
        });
        for (const row of batch) {
          if (row.prevHash !== expectedPrev) {
            return { ok: false, count, brokenAtSeq: row.seq.toString(), reason: 'its prevHash is not the hash of the event before it: an event was removed or inserted' };
          }
          if (eventHash(row.prevHash, row) !== row.hash) {
            return { ok: false, count, brokenAtSeq: row.seq.toString(), reason: 'its content does not match its hash: the event was altered' };
          }
          expectedPrev = row.hash;
          count += 1;
        }
        const last = batch[batch.length - 1];
        if (!last || batch.length < VERIFY_BATCH) break;
        after = last.seq;
      }
      // Removing the newest events leaves a shorter chain that still verifies; comparing headHash with a
      // copy kept elsewhere (a Slack message, a log line) catches that too.
      return { ok: true, count, headHash: expectedPrev };
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

interface HashedFields {
  idempotencyKey: string;
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  outcome: string;
  workflowId: string | null;
  requestId: string | null;
  details: unknown;
}

/** sha256 over the previous hash and the canonical JSON of everything the event says. */
export function eventHash(prevHash: string, e: HashedFields): string {
  const content = canonicalJson({
    idempotencyKey: e.idempotencyKey,
    at: e.at.toISOString(),
    actor: e.actor,
    action: e.action,
    target: e.target,
    outcome: e.outcome,
    workflowId: e.workflowId,
    requestId: e.requestId,
    details: e.details,
  });
  return createHash('sha256').update(prevHash + content, 'utf8').digest('hex');
}

function toView(row: EventRow): AuditEventView {
  return {
    seq: row.seq.toString(),
    at: row.at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    outcome: row.outcome,
    workflowId: row.workflowId,
    requestId: row.requestId,
    details: (row.details ?? {}) as Record<string, unknown>,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}
