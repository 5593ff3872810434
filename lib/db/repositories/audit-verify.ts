import { performance } from 'node:perf_hooks';
import type { Db } from '../client';
import { eventHash, eventSelect, GENESIS_HASH, type EventRow } from './audit-chain';

export type AuditVerification =
  | { ok: true; count: number; headHash: string }
  /** `count` is how many events verified before the broken one. */
  | { ok: false; count: number; brokenAtSeq: string; reason: string };

/** How far a verification has got, and how fast: every `progressEvery` events, and once at the end. */
export interface AuditVerifyProgress {
  count: number;
  durationMs: number;
  eventsPerSecond: number;
  done: boolean;
}

export interface AuditVerifyOptions {
  onProgress?(progress: AuditVerifyProgress): void;
  /** Events between two progress reports (default 100,000). */
  progressEvery?: number;
}

/** Events read per query. Memory holds at most two pages (the one checked, the one being read), whatever the length of the chain. */
export const AUDIT_VERIFY_PAGE_SIZE = 2000;

/**
 * Recomputes the whole chain from the first event, in keyset pages (seq > last seen, by the primary key), so
 * memory stays bounded however long the chain is. The next page is read while this one is hashed: the
 * database and the hashing overlap.
 */
export async function verifyChain(db: Db, opts: AuditVerifyOptions = {}): Promise<AuditVerification> {
  const started = performance.now();
  const every = opts.progressEvery ?? 100_000;
  const progress = (count: number, done: boolean) => {
    const durationMs = performance.now() - started;
    opts.onProgress?.({ count, durationMs, eventsPerSecond: durationMs > 0 ? (count / durationMs) * 1000 : 0, done });
  };
  const readPage = (after: bigint | undefined): Promise<EventRow[]> =>
    db.auditEvent.findMany({
      where: after === undefined ? {} : { seq: { gt: after } },
      orderBy: { seq: 'asc' },
      take: AUDIT_VERIFY_PAGE_SIZE,
      select: eventSelect,
    });

  let expectedPrev = GENESIS_HASH;
  let count = 0;
  let nextReport = every;
  let page = await readPage(undefined);
  for (;;) {
    const last = page[page.length - 1];
    const next = last && page.length === AUDIT_VERIFY_PAGE_SIZE ? readPage(last.seq) : undefined;
    // A rejected read-ahead must not go unhandled if this page turns out broken and it is never awaited.
    next?.catch(() => undefined);
    for (const row of page) {
      if (row.prevHash !== expectedPrev) {
        progress(count, true);
        return { ok: false, count, brokenAtSeq: row.seq.toString(), reason: 'its prevHash is not the hash of the event before it: an event was removed or inserted' };
      }
      if (eventHash(row.prevHash, row) !== row.hash) {
        progress(count, true);
        return { ok: false, count, brokenAtSeq: row.seq.toString(), reason: 'its content does not match its hash: the event was altered' };
      }
      expectedPrev = row.hash;
      count += 1;
    }
    if (count >= nextReport) {
      progress(count, false);
      nextReport = count + every;
    }
    if (!next) break;
    page = await next;
  }
  progress(count, true);
  // Removing the newest events leaves a shorter chain that still verifies; comparing headHash with a
  // copy kept elsewhere (a Slack message, a log line) catches that too.
  return { ok: true, count, headHash: expectedPrev };
}
