import { ProviderHttpError } from './provider-http-error';

/**
 * GET /v1beta/models with the key. The @google/generative-ai SDK has no list-models call
 * (google-gemini/deprecated-generative-ai-js#54), so this is plain fetch. The key goes in the
 * x-goog-api-key header rather than `?key=`, so it never appears in a URL, a proxy log or an
 * error message. Returns the first page's models; throws ProviderHttpError on a non-2xx answer.
 */
export async function listGeminiModels(opts: { baseUrl: string; apiKey: string; signal: AbortSignal }): Promise<unknown> {
  const response = await fetch(`${opts.baseUrl.replace(/\/+$/, '')}/v1beta/models`, {
    method: 'GET',
    headers: { 'x-goog-api-key': opts.apiKey, accept: 'application/json' },
    signal: opts.signal,
  });
  const text = await response.text();
  const body = parseJson(text);
  if (!response.ok) {
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    throw new ProviderHttpError(response.status, headers, body ?? text);
  }
  return body;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
