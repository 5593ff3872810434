import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Logger } from '../lib/log';

/**
 * Logs when the event loop was blocked: Slack's 3 s ack deadline is lost while the loop is busy, before the
 * request's handler can even start, so a stall is worth knowing about (and its size) when acks run late.
 */
export function watchEventLoop(logger: Logger, opts: { everyMs?: number; warnAboveMs?: number } = {}): () => void {
  const histogram = monitorEventLoopDelay({ resolution: 20 });
  histogram.enable();
  const timer = setInterval(() => {
    const maxMs = histogram.max / 1e6;
    if (maxMs > (opts.warnAboveMs ?? 1000)) {
      logger.warn('event loop blocked', { maxMs: Math.round(maxMs), p99Ms: Math.round(histogram.percentile(99) / 1e6), overMs: opts.everyMs ?? 10_000 });
    }
    histogram.reset();
  }, opts.everyMs ?? 10_000);
  timer.unref();
  return () => {
    clearInterval(timer);
    histogram.disable();
  };
}
