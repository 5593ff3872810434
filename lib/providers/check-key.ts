import { PROVIDER_LABELS, type HealthCheckResult, type Provider } from '../contracts/providers';
import { createGuardedFetch, type GuardedFetch } from '../net';
import { classifyThrownError } from './classify-thrown';
import { providerSubject } from './error-context';
import { SDK_TIMEOUT_BACKSTOP_MS, createAnthropicClient, createOpenAIClient, providerRoute, type ProviderEndpoints } from './clients';
import { listGeminiModels } from './gemini-list-models';

export interface KeyCheckTarget {
  provider: Provider;
  apiKey: string;
  /** Required for openai_compatible; ignored for the others, which use the configured endpoints. */
  baseUrl?: string;
}

export interface ProviderKeyChecker {
  check(target: KeyCheckTarget): Promise<HealthCheckResult>;
}

export interface ProviderKeyCheckerOptions {
  endpoints: ProviderEndpoints;
  timeoutMs: number;
  /** fetch for person-given base URLs; by default a guarded fetch with no private host allowed. */
  personUrlFetch?: GuardedFetch;
  now?: () => number;
}

/**
 * Checks a key by listing models with it: free, and independent of any one model being enabled
 * (the corpus's first rule). Every outcome — including timeouts and network failures — comes back
 * as a HealthCheckResult; the verdict, not an exception, tells the workflow whether to retry.
 */
export function createProviderKeyChecker({ endpoints, timeoutMs, personUrlFetch = createGuardedFetch(), now = Date.now }: ProviderKeyCheckerOptions): ProviderKeyChecker {
  return {
    async check(target) {
      const started = now();
      // One deadline for the whole call, body included. AbortSignal.timeout's timer does not keep
      // the process alive, and unlike each SDK's own timeout it reads the same for every provider.
      const deadline = AbortSignal.timeout(timeoutMs);
      const label = providerSubject(target.provider);
      let host = '';
      let outcome: Omit<HealthCheckResult, 'latencyMs'>;
      try {
        if (!target.apiKey.trim()) {
          outcome = { verdict: 'configuration_error', detail: `No ${PROVIDER_LABELS[target.provider]} API key was given to check.` };
        } else {
          const route = providerRoute(target, endpoints, personUrlFetch);
          host = new URL(route.baseUrl).host;
          const models = await listModels(target, route, timeoutMs, deadline);
          outcome = models === undefined
            ? { verdict: 'configuration_error', detail: `${label} at ${host} answered, but not with a model list; check the base URL.`, httpStatus: 200 }
            : { verdict: 'valid', detail: `${label} accepted the key and listed ${models} model${models === 1 ? '' : 's'}.`, httpStatus: 200 };
        }
      } catch (err) {
        outcome = classifyThrownError(target.provider, err, { host, timeoutMs, timedOut: deadline.aborted });
      }
      return { ...outcome, latencyMs: Math.max(0, Math.round(now() - started)) };
    },
  };
}

/** How many models the first page listed, or undefined when the 2xx body is not a model list. */
async function listModels(
  target: KeyCheckTarget,
  route: { baseUrl: string; fetch?: GuardedFetch },
  timeoutMs: number,
  signal: AbortSignal,
): Promise<number | undefined> {
  const client = { apiKey: target.apiKey, ...route, timeoutMs: timeoutMs + SDK_TIMEOUT_BACKSTOP_MS };
  switch (target.provider) {
    case 'gemini':
      return countOf(await listGeminiModels({ apiKey: target.apiKey, baseUrl: route.baseUrl, signal }), 'models');
    case 'anthropic':
      // asResponse: the raw body, so a 200 from something that is not the API (a wrong base URL
      // behind a catch-all web server) is not mistaken for an empty model list.
      return countOf(await readJson(await createAnthropicClient(client).models.list(null, { signal }).asResponse()), 'data');
    default:
      return countOf(await readJson(await createOpenAIClient(client).models.list({ signal }).asResponse()), 'data');
  }
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

function countOf(body: unknown, field: 'data' | 'models'): number | undefined {
  const list = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[field] : undefined;
  return Array.isArray(list) ? list.length : undefined;
}
