import type { Logger } from '../lib/log';

// gRPC status codes Temporal answers while it is still starting (a restarted server loading its schedules
// and shards): worth waiting out. Anything else is a real failure and is thrown at once.
const DEADLINE_EXCEEDED = 4;
const UNAVAILABLE = 14;

function transient(err: unknown): boolean {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (code === DEADLINE_EXCEEDED || code === UNAVAILABLE) return true;
  }
  return false;
}

/**
 * Runs a start-up call against Temporal, again after a pause while Temporal answers that it is not ready yet,
 * for at most `withinMs`. Without it Warden started right after a Temporal restart fails on its first schedule
 * update instead of waiting the few seconds the server needs.
 */
export async function retryWhileTemporalStarts<T>(what: string, call: () => Promise<T>, logger: Logger, withinMs = 60_000): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (let pauseMs = 500; ; pauseMs = Math.min(pauseMs * 2, 5_000)) {
    try {
      return await call();
    } catch (err) {
      if (!transient(err) || Date.now() + pauseMs > deadline) throw err;
      logger.warn('Temporal is not ready yet; trying again', { what, pauseMs, error: err instanceof Error ? err.message : String(err) });
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
}
