import type { Provider } from '../../lib/contracts';

export interface ProviderPacer {
  /** Runs `call` once a slot for `provider` is free and the provider is not paused. */
  run<T>(provider: Provider, call: () => Promise<T>): Promise<T>;
  /** Holds back new calls to `provider` for `ms` (calls already in flight finish). */
  pause(provider: Provider, ms: number): void;
  /** How many calls to each provider are in flight now (for tests and logs). */
  inFlight(): Partial<Record<Provider, number>>;
}

interface Lane {
  inFlight: number;
  waiting: Array<() => void>;
  pausedUntil: number;
}

/**
 * At most `concurrency` calls in flight per provider, and a provider that answered 429 gets no new call until
 * its pause ends: one provider's rate limit slows that provider's checks only. Shared by every health-sweep
 * activity in the worker process, so a retried attempt overlapping its predecessor still counts against one cap.
 */
export function createProviderPacer(opts: { concurrency: number; now?: () => number; sleep?: (ms: number) => Promise<void> }): ProviderPacer {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const lanes = new Map<Provider, Lane>();
  const lane = (p: Provider) => {
    let l = lanes.get(p);
    if (!l) lanes.set(p, (l = { inFlight: 0, waiting: [], pausedUntil: 0 }));
    return l;
  };

  async function acquire(l: Lane): Promise<void> {
    for (;;) {
      const wait = l.pausedUntil - now();
      if (wait > 0) await sleep(wait);
      else if (l.inFlight < opts.concurrency) {
        l.inFlight += 1;
        return;
      } else await new Promise<void>((resolve) => l.waiting.push(resolve));
    }
  }

  return {
    async run(provider, call) {
      const l = lane(provider);
      await acquire(l);
      try {
        return await call();
      } finally {
        l.inFlight -= 1;
        l.waiting.shift()?.();
      }
    },
    pause(provider, ms) {
      const l = lane(provider);
      l.pausedUntil = Math.max(l.pausedUntil, now() + ms);
    },
    inFlight() {
      return Object.fromEntries([...lanes].map(([p, l]) => [p, l.inFlight]));
    },
  };
}
