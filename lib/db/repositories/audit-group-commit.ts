import { setImmediate as nextTurn } from 'node:timers/promises';
import type { EventRow } from './audit-chain';
import type { PreparedEvent } from './audit-append-batch';

/** Most distinct events per transaction: 11 values each keeps one INSERT far below PostgreSQL's 65,535. */
export const MAX_EVENTS_PER_BATCH = 256;

interface Waiter {
  event: PreparedEvent;
  resolve(row: EventRow): void;
  reject(err: unknown): void;
}

/** Every waiter for one idempotency key in a batch: they all get the same stored event, or the same error. */
type KeyGroup = Waiter[];

export interface GroupCommitDeps {
  writeBatch(events: readonly PreparedEvent[]): Promise<Map<string, EventRow>>;
  mayBeCausedByOneEvent(err: unknown): boolean;
}

/**
 * Group commit for the audit chain. The chain needs one writer at a time (each event hashes the one before),
 * and a transaction per append made every audited action in the process queue behind every other for the
 * lock, one commit each. Here appends made while a batch is being written wait in memory and go together in
 * the next transaction: one lock, one head read, one INSERT, one commit for all of them. One batch is in
 * flight per process at a time; several processes still take turns through the database lock.
 *
 * - Idempotency holds inside a batch (duplicate keys become one event, every caller gets it) and across
 *   retries and processes (keys already stored are read under the lock and answered as they are).
 * - A batch that fails because of one event (a NUL byte, an over-long indexed value) is split in halves until
 *   the event is alone, so only its caller gets the error and the others are stored. A failure of the
 *   database itself fails the whole batch, as it would have failed each append on its own.
 */
export function createGroupCommit(deps: GroupCommitDeps) {
  let queue: Waiter[] = [];
  let draining = false;

  async function drain(): Promise<void> {
    try {
      for (;;) {
        // One turn of the event loop first, so callers that are about to append (writers whose previous
        // append just settled) join this batch rather than the next.
        await nextTurn();
        if (queue.length === 0) return;
        const groups = takeBatch();
        await settle(groups);
      }
    } finally {
      draining = false;
      // An append queued after the last check, while this drain was finishing, starts the next one.
      if (queue.length > 0) start();
    }
  }

  function start(): void {
    if (draining) return;
    draining = true;
    void drain();
  }

  /** The oldest waiters, grouped by key, up to MAX_EVENTS_PER_BATCH distinct keys; the rest stay queued. */
  function takeBatch(): KeyGroup[] {
    const groups = new Map<string, KeyGroup>();
    let taken = 0;
    for (const w of queue) {
      const group = groups.get(w.event.idempotencyKey);
      if (group) group.push(w);
      else if (groups.size < MAX_EVENTS_PER_BATCH) groups.set(w.event.idempotencyKey, [w]);
      else break;
      taken += 1;
    }
    queue = queue.slice(taken);
    return [...groups.values()];
  }

  async function settle(groups: KeyGroup[]): Promise<void> {
    try {
      // The first caller's content is what is stored for a key, as when appends took turns one by one.
      const stored = await deps.writeBatch(groups.map((g) => g[0]!.event));
      for (const group of groups) {
        const row = stored.get(group[0]!.event.idempotencyKey);
        for (const w of group) {
          if (row) w.resolve(row);
          else w.reject(new Error(`Audit event ${w.event.idempotencyKey} was not stored by its batch.`));
        }
      }
    } catch (err) {
      if (groups.length > 1 && deps.mayBeCausedByOneEvent(err)) {
        const half = Math.ceil(groups.length / 2);
        await settle(groups.slice(0, half));
        await settle(groups.slice(half));
        return;
      }
      for (const group of groups) for (const w of group) w.reject(err);
    }
  }

  return {
    /** Resolves with the stored event once the batch holding it has committed. */
    append(event: PreparedEvent): Promise<EventRow> {
      return new Promise<EventRow>((resolve, reject) => {
        queue.push({ event, resolve, reject });
        start();
      });
    },
  };
}
