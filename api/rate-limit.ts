import { isIPv6 } from 'node:net';
import { performance } from 'node:perf_hooks';

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface RateLimiterOptions {
  perSecond: number;
  burst: number;
  /** Client addresses remembered at once; the least recently seen is forgotten first (default 10,000). */
  maxClients?: number;
  /** Milliseconds from a monotonic clock (tests pass their own). */
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per client: `burst` requests at once, then `perSecond` sustained. In memory, per process:
 * it protects this process (and the audit log behind it) from one client's loop, it is not a quota. The
 * number of clients remembered is capped so a spray of addresses cannot grow it without bound; a client
 * forgotten that way comes back with a full bucket, which costs at most one more burst.
 */
export function createRateLimiter(opts: RateLimiterOptions) {
  const now = opts.now ?? (() => performance.now());
  const maxClients = opts.maxClients ?? 10_000;
  const buckets = new Map<string, Bucket>();
  return {
    limits: { perSecond: opts.perSecond, burst: opts.burst },
    take(client: string): RateDecision {
      const t = now();
      const seen = buckets.get(client);
      const bucket = seen ? { tokens: Math.min(opts.burst, seen.tokens + ((t - seen.at) / 1000) * opts.perSecond), at: t } : { tokens: opts.burst, at: t };
      // Re-inserting keeps the Map in least-recently-seen order, so the first key is the one to forget.
      buckets.delete(client);
      buckets.set(client, bucket);
      if (buckets.size > maxClients) buckets.delete(buckets.keys().next().value!);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / opts.perSecond)) };
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;

/**
 * Who a request counts against: its TCP peer address, never a header (X-Forwarded-For is whatever the caller
 * writes). IPv4-mapped IPv6 is read as IPv4. An IPv6 client counts by its /64, since one host commonly holds
 * a whole /64 and could otherwise take a fresh address, and a fresh bucket, for every request.
 */
export function clientKey(remoteAddress: string | undefined): string {
  if (!remoteAddress) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(remoteAddress);
  if (mapped) return mapped[1]!;
  if (!isIPv6(remoteAddress)) return remoteAddress;
  const [head = '', tail = ''] = remoteAddress.split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  // A trailing dotted quad (64:ff9b::192.0.2.1) stands for two groups.
  const right = (remoteAddress.includes('::') && tail ? tail.split(':') : []).flatMap((g) => (g.includes('.') ? ['0', '0'] : [g]));
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}
