/**
 * A non-2xx answer from a provider endpoint Warden calls with plain fetch (no SDK to wrap it).
 * Carries what classifyProviderError needs; never the request, so never the key.
 */
export class ProviderHttpError extends Error {
  constructor(
    readonly status: number,
    readonly headers: Record<string, string>,
    readonly body: unknown,
  ) {
    super(`Provider answered HTTP ${status}`);
    this.name = 'ProviderHttpError';
  }
}
