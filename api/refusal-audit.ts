import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AuditLog } from '../lib/db';
import type { Logger } from '../lib/log';
import { clientKey } from './rate-limit';

/** One refused call: who (by address), what it tried, and why it was refused. */
export interface Refusal {
  /** The rate limiter's client key: the address, or the /64 of an IPv6 one. */
  client: string;
  remoteAddress: string | null;
  /** The audit action of what was attempted (`key.resolve`), or `api.request` when refused before routing. */
  action: string;
  target: string | null;
  path: string;
  reason: string;
  /** Who was refused when the caller is known (an API key used outside its scopes); else `unauthenticated`. */
  actor?: string;
}

export interface RefusalAuditOptions {
  audit: Pick<AuditLog, 'append'>;
  logger: Logger;
  /** Refusals per client per window written one by one, so a single stray call is visible as itself. */
  individuallyPerWindow: number;
  windowMs: number;
  /** Clients tracked per window; refusals from any beyond it are counted together (default 10,000). */
  maxClients?: number;
  /** Wall-clock milliseconds: windows are aligned to it (whole minutes by default). */
  now?: () => number;
}

interface Tally {
  count: number;
  reasons: Record<string, number>;
  paths: Record<string, number>;
  /** Refusals per known caller (an API key used outside its scopes); unauthenticated ones are not listed. */
  actors: Record<string, number>;
  firstAt: number;
  lastAt: number;
}

interface ClientWindow {
  start: number;
  seen: number;
  tally?: Tally;
}

/** The caller of a refused request, as the rate limiter counts it and as it connected. */
export function refusedBy(req: IncomingMessage): Pick<Refusal, 'client' | 'remoteAddress'> {
  return { client: clientKey(req.socket.remoteAddress), remoteAddress: req.socket.remoteAddress ?? null };
}

const OTHER_CLIENTS = '(other addresses)';
const OTHER_ACTORS = '(other callers)';
const MAX_PENDING = 10_000;

/**
 * Audits refused key API calls without letting a loop of them flood the audit log: the first few per client
 * address per window are appended one by one, as before; the rest are counted and written as ONE
 * `api.refusals` event per address per window (count, reasons, paths, the API keys refused for scope, first
 * and last; the key itself as the actor when it was the only caller counted), when the window ends
 * or the server stops. A warning is logged the moment an address crosses the threshold.
 */
export function createRefusalAudit(opts: RefusalAuditOptions) {
  const now = opts.now ?? Date.now;
  const maxClients = opts.maxClients ?? 10_000;
  // Several API processes may count the same address in the same window: each writes its own event.
  const instance = randomUUID().slice(0, 8);
  const windows = new Map<string, ClientWindow>();
  // Tallies of ended windows not yet written: kept until the audit log takes them (bounded, oldest dropped).
  const pending: Array<{ client: string; start: number; tally: Tally }> = [];
  let flushing = Promise.resolve();
  const timer = setInterval(() => void flush(false), Math.max(250, Math.min(opts.windowMs / 4, 5_000)));
  timer.unref();

  function retire(client: string, w: ClientWindow): void {
    if (windows.get(client) === w) windows.delete(client);
    if (!w.tally) return;
    pending.push({ client, start: w.start, tally: w.tally });
    if (pending.length > MAX_PENDING) {
      const dropped = pending.shift()!;
      opts.logger.error('Dropped an aggregated refusals tally the audit log could not take in time', { client: dropped.client, count: dropped.tally.count });
    }
  }

  /** One flush at a time: ended windows (or all, when stopping) are retired, then written oldest first. */
  function flush(all: boolean): Promise<void> {
    flushing = flushing.then(async () => {
      const t = now();
      for (const [client, w] of windows) if (all || w.start + opts.windowMs <= t) retire(client, w);
      while (pending.length > 0) {
        const next = pending[0]!;
        try {
          await writeTally(next.client, next.start, next.tally);
        } catch (err) {
          // Tried again at the next flush; the idempotency key makes a retry after an unclear failure write it once.
          opts.logger.error('Could not write the aggregated refusals audit event; will retry', { client: next.client, count: next.tally.count, err });
          return;
        }
        pending.shift();
      }
    });
    return flushing;
  }

  function writeTally(client: string, start: number, tally: Tally) {
    const known = Object.keys(tally.actors);
    return opts.audit.append({
      idempotencyKey: `api-refusals:${instance}:${client}:${new Date(start).toISOString()}`,
      // One known caller behind every counted refusal (a key looping outside its scopes) is named as the actor.
      actor: known.length === 1 && tally.actors[known[0]!] === tally.count && known[0] !== OTHER_ACTORS ? known[0]! : 'unauthenticated',
      action: 'api.refusals',
      target: client,
      outcome: 'denied',
      details: {
        count: tally.count,
        auditedIndividually: opts.individuallyPerWindow,
        reasons: tally.reasons,
        paths: tally.paths,
        actors: tally.actors,
        firstAt: new Date(tally.firstAt).toISOString(),
        lastAt: new Date(tally.lastAt).toISOString(),
        windowStart: new Date(start).toISOString(),
        windowMs: opts.windowMs,
      },
    });
  }

  function windowOf(client: string, t: number): [string, ClientWindow] {
    const start = t - (t % opts.windowMs);
    const key = windows.has(client) || windows.size < maxClients ? client : OTHER_CLIENTS;
    const current = windows.get(key);
    if (current && current.start === start) return [key, current];
    // A window that ended before the timer got to it: its tally waits for the next flush.
    if (current) retire(key, current);
    const fresh = { start, seen: 0 };
    windows.set(key, fresh);
    return [key, fresh];
  }

  return {
    /** Records one refused call; resolves once it is audited (individually) or counted (beyond the threshold). Never throws. */
    async refused(r: Refusal): Promise<void> {
      const t = now();
      const [key, w] = windowOf(r.client, t);
      w.seen += 1;
      if (w.seen <= opts.individuallyPerWindow) {
        try {
          await opts.audit.append({
            idempotencyKey: `${r.action}:refused:${randomUUID()}`,
            actor: r.actor ?? 'unauthenticated',
            action: r.action,
            target: r.target,
            outcome: 'denied',
            details: { reason: r.reason, remoteAddress: r.remoteAddress, path: r.path },
          });
        } catch (err) {
          // The call is refused either way; the log keeps what the audit log could not.
          opts.logger.error('Could not audit a refused key API call', { client: key, action: r.action, path: r.path, reason: r.reason, err });
        }
        return;
      }
      if (!w.tally) {
        w.tally = { count: 0, reasons: {}, paths: {}, actors: {}, firstAt: t, lastAt: t };
        opts.logger.warn('Refused key API calls from one address passed the audit threshold; counting the rest into one audit event', {
          client: key,
          threshold: opts.individuallyPerWindow,
          windowMs: opts.windowMs,
        });
      }
      const tally = w.tally;
      tally.count += 1;
      tally.lastAt = t;
      tally.reasons[r.reason] = (tally.reasons[r.reason] ?? 0) + 1;
      // Paths are the caller's to choose: keep the tally small whatever they send.
      const given = r.path.slice(0, 100);
      const path = Object.hasOwn(tally.paths, given) || Object.keys(tally.paths).length < 20 ? given : '(other paths)';
      tally.paths[path] = (tally.paths[path] ?? 0) + 1;
      if (r.actor) {
        const actor = Object.hasOwn(tally.actors, r.actor) || Object.keys(tally.actors).length < 20 ? r.actor : OTHER_ACTORS;
        tally.actors[actor] = (tally.actors[actor] ?? 0) + 1;
      }
    },

    /** Writes every tally still open (the server is stopping), then stops the timer. */
    async close(): Promise<void> {
      clearInterval(timer);
      await flush(true);
    },
  };
}

export type RefusalAudit = ReturnType<typeof createRefusalAudit>;
