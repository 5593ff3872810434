import { Agent, fetch as undiciFetch, type RequestInit as UndiciRequestInit } from 'undici';
import type { AllowedHosts } from './allowed-hosts';
import { createGuardedConnector, systemResolver, type GuardedConnectorOptions, type Resolver } from './guarded-connector';
import { RefusedUrlError } from './refused-url-error';

/** fetch for URLs a person gave: same signature as the global fetch, which SDKs accept as `fetch`. */
export interface GuardedFetch {
  (input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** Closes the pooled connections. */
  close(): Promise<void>;
}

export interface GuardedFetchOptions {
  /** WARDEN_ALLOWED_PRIVATE_HOSTS: hosts that may be private and may speak plain http. */
  allowedHosts?: AllowedHosts;
  /** How host names are resolved; the system resolver unless a test or a crawler brings its own. */
  resolve?: Resolver;
  tls?: GuardedConnectorOptions['tls'];
}

/**
 * fetch that never reaches a private, loopback, link-local or metadata address through a URL a
 * person gave (base URLs of OpenAI-compatible keys; later the knowledge crawler). The undici
 * connector under it checks every resolved address at connect time; this wrapper refuses
 * redirects, because a public host answering 302 to http://169.254.169.254/ would otherwise lead
 * the request past that check's intent (and the person should store the final URL anyway).
 */
export function createGuardedFetch(opts: GuardedFetchOptions = {}): GuardedFetch {
  const dispatcher = new Agent({
    connect: createGuardedConnector({ allowedHosts: opts.allowedHosts ?? [], resolve: opts.resolve ?? systemResolver, tls: opts.tls }),
  });
  const guarded = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    // The global RequestInit and undici's describe the same object; undici's own fetch takes the dispatcher.
    const requestInit = { ...(input instanceof Request ? requestParts(input) : {}), ...init, redirect: 'manual', dispatcher } as UndiciRequestInit;
    let response: Response;
    try {
      response = (await undiciFetch(url, requestInit)) as unknown as Response;
    } catch (err) {
      // undici reports a connector error as TypeError('fetch failed') with it as the cause; hand
      // the refusal itself to the caller, whose person needs its words.
      throw refusalIn(err) ?? err;
    }
    if (response.status >= 300 && response.status < 400 && response.status !== 304) {
      await response.body?.cancel().catch(() => undefined);
      throw new RefusedUrlError(url.host, { kind: 'redirect', status: response.status });
    }
    return response;
  };
  return Object.assign(guarded, { close: () => dispatcher.close() });
}

/** A global Request's parts as init: undici's fetch only knows its own Request class. */
function requestParts(request: Request): RequestInit & { duplex?: 'half' } {
  return { method: request.method, headers: request.headers, signal: request.signal, ...(request.body ? { body: request.body, duplex: 'half' } : {}) };
}

function refusalIn(err: unknown): RefusedUrlError | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    if (current instanceof RefusedUrlError) return current;
    current = current.cause;
  }
  return undefined;
}
