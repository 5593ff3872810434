import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../lib/log';
import { sendJson, sendRateLimited } from './http-errors';
import type { RateLimiter } from './rate-limit';
import { refusedBy, type RefusalAudit } from './refusal-audit';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;
export type FallbackHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export interface ApiServerOptions {
  host: string;
  port: number;
  routes: Record<string, RouteHandler>;
  /** Handlers that claim their own paths (the Temporal codec server). */
  fallbacks?: FallbackHandler[];
  /** Applied to every request, whatever its path, before any route or fallback runs. */
  rateLimiter: RateLimiter;
  /** Where refused calls are audited (the routes' 401s and this server's 429s). */
  refusals: Pick<RefusalAudit, 'refused'>;
  logger: Logger;
}

/**
 * Warden's server-side HTTP API for the platform's own services. It sends no CORS headers for key
 * routes on purpose: browsers must never be able to read a key from it.
 */
export async function startApiServer(opts: ApiServerOptions): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const { perSecond, burst } = opts.rateLimiter.limits;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://warden.internal');
    const route = opts.routes[`${req.method} ${url.pathname}`];
    const handle = async () => {
      // First, before any token check or database work: a client in a loop costs a Map lookup per request.
      const caller = refusedBy(req);
      const decision = opts.rateLimiter.take(caller.client);
      if (!decision.ok) {
        await opts.refusals.refused({ ...caller, action: 'api.request', target: url.pathname.slice(0, 100), path: url.pathname, reason: 'rate limited' });
        return sendRateLimited(
          res,
          decision.retryAfterSeconds,
          `Too many requests from ${caller.client}: the key API takes ${perSecond} a second per client address, in bursts of up to ${burst}. Retry after ${decision.retryAfterSeconds} s.`,
        );
      }
      if (route) return route(req, res, url);
      for (const fallback of opts.fallbacks ?? []) if (await fallback(req, res)) return;
      if (url.pathname === '/healthz') return sendJson(res, 200, { ok: true });
      const known = Object.keys(opts.routes).some((r) => r.endsWith(` ${url.pathname}`));
      sendJson(res, known ? 405 : 404, { error: known ? 'method_not_allowed' : 'not_found', message: `${req.method} ${url.pathname} is not served here.` });
    };
    handle().catch((err) => {
      opts.logger.error('API request failed', { method: req.method, path: url.pathname, err });
      if (!res.headersSent) sendJson(res, 500, { error: 'warden_internal', message: 'Internal error.' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  opts.logger.info('Key API listening', { host: opts.host, port, rateLimit: { perSecond, burst } });
  return { server, port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
