import type { ReceiverLogger } from './receiver-logger';

export interface WorkQueue {
  /** Runs `job` once a slot is free; a failure is logged with `what` and never thrown at the caller. */
  run(what: string, job: () => Promise<void>): void;
  /** Jobs started or waiting, for tests and shutdown. */
  pending(): number;
  /** Resolves when nothing is running or waiting. */
  idle(): Promise<void>;
}

/**
 * The work Slack does not wait for (everything after an ack), run at most `concurrency` at a time in arrival
 * order. Under a burst the acks keep the event loop to themselves and the answers follow a little later,
 * instead of every ack queuing behind the database and Temporal calls of the requests before it.
 */
export function createWorkQueue(opts: { concurrency: number; logger: ReceiverLogger; warnAt?: number }): WorkQueue {
  const waiting: Array<{ what: string; job: () => Promise<void> }> = [];
  let running = 0;
  let warned = false;
  let idleWaiters: Array<() => void> = [];

  function next(): void {
    while (running < opts.concurrency && waiting.length > 0) {
      const { what, job } = waiting.shift()!;
      running += 1;
      job()
        .catch((error: unknown) => opts.logger.error('work after the ack failed', { what, error: error instanceof Error ? error.message : String(error) }))
        .finally(() => {
          running -= 1;
          next();
          if (running === 0 && waiting.length === 0) {
            const waiters = idleWaiters;
            idleWaiters = [];
            for (const w of waiters) w();
          }
        });
    }
  }

  return {
    run(what, job) {
      waiting.push({ what, job });
      if (!warned && waiting.length >= (opts.warnAt ?? 1000)) {
        warned = true;
        opts.logger.warn('work after the ack is piling up; answers to people are delayed', { waiting: waiting.length, concurrency: opts.concurrency });
      }
      if (waiting.length === 0) warned = false;
      next();
    },
    pending: () => running + waiting.length,
    idle: () => (running === 0 && waiting.length === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve))),
  };
}
