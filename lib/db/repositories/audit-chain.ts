import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json';
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

export const GENESIS_HASH = '0'.repeat(64);

/** Everything the hash covers: an event as it will read back from the database. */
export interface HashedFields {
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

export const eventSelect = {
  seq: true, idempotencyKey: true, at: true, actor: true, action: true, target: true, outcome: true,
  workflowId: true, requestId: true, details: true, prevHash: true, hash: true,
} as const satisfies Prisma.AuditEventSelect;

export type EventRow = Prisma.AuditEventGetPayload<{ select: typeof eventSelect }>;

/** An input with every default applied, in exactly the form the database will give back. */
export function prepareEvent(e: AuditEventInput): HashedFields & { details: Record<string, unknown> } {
  return {
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

export function toView(row: EventRow): AuditEventView {
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
