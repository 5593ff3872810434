import type { ReceiverLogger } from './receiver-logger';

export interface WorkQueue {
  /**
   * Runs `job` once a slot is free; a failure is logged with `what` and never thrown at the caller. An urgent job
   * (one that opens a modal with a trigger id Slack voids 3 s after sending it) starts at once, past any backlog.
   */
  run(what: string, job: () => Promise<void>, opts?: { urgent?: boolean }): void;
  /** A Slack request arrived and is not answered yet: work after acks gives way until it is. */
  requestArrived(): void;
  requestAnswered(): void;
  /** Jobs started or waiting, for tests and shutdown. */
  pending(): number;
  /** Resolves when nothing is running or waiting. */
  idle(): Promise<void>;
}

/**
 * The work Slack does not wait for (everything after an ack), run at most `concurrency` at a time in arrival
 * order. Acks come first: while any Slack request is still waiting for its answer, at most `busyConcurrency`
 * jobs run, so a burst's acks do not share the CPU with the database and Temporal work of the requests before
 * them. The answers follow a little later; a missed 3 s ack would cost the person an error instead.
 */
export function createWorkQueue(opts: { concurrency: number; busyConcurrency?: number; logger: ReceiverLogger; warnAt?: number }): WorkQueue {
  const waiting: Array<{ what: string; job: () => Promise<void> }> = [];
  const busyConcurrency = Math.max(1, Math.min(opts.busyConcurrency ?? 1, opts.concurrency));
  let running = 0;
  let unanswered = 0;
  let warned = false;
  let idleWaiters: Array<() => void> = [];

  function limit(): number {
    return unanswered > 0 ? busyConcurrency : opts.concurrency;
  }

  function start(what: string, job: () => Promise<void>): void {
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

  function next(): void {
    while (running < limit() && waiting.length > 0) {
      const { what, job } = waiting.shift()!;
      start(what, job);
    }
  }

  return {
    run(what, job, runOpts) {
      // Its own work before views.open is in-memory checks: cheap, and worth more than any queued answer.
      if (runOpts?.urgent) return start(what, job);
      waiting.push({ what, job });
      if (!warned && waiting.length >= (opts.warnAt ?? 1000)) {
        warned = true;
        opts.logger.warn('work after the ack is piling up; answers to people are delayed', { waiting: waiting.length, concurrency: opts.concurrency });
      }
      if (waiting.length === 0) warned = false;
      next();
    },
    requestArrived() {
      unanswered += 1;
    },
    requestAnswered() {
      unanswered = Math.max(0, unanswered - 1);
      if (unanswered === 0) next();
    },
    pending: () => running + waiting.length,
    idle: () => (running === 0 && waiting.length === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve))),
  };
}
