import { PROBE_REPLY, hex, openAIMaskedKey, type FakeAnswer, type OutageStatus, type ProviderAnswers } from './fake-answer';

interface OpenAIFlavour {
  /** Models the host serves, as GET /v1/models lists them. */
  models: Array<{ id: string; created: number; owned_by: string; shutdown_date?: string | null }>;
  /** Groq and most compatible hosts send retry-after on a 429; OpenAI often gives only the message hint. */
  retryAfterHeader: boolean;
  invalidKeyMessage: (apiKey: string) => string;
}

const OPENAI: OpenAIFlavour = {
  models: [
    // shutdown_date as GET /v1/models reports it (the deprecations page, November 2026).
    { id: 'gpt-4o-mini', created: 1721172741, owned_by: 'system', shutdown_date: '2027-01-14' },
    { id: 'gpt-4.1-mini', created: 1744318173, owned_by: 'system', shutdown_date: '2027-01-14' },
    { id: 'gpt-5-mini', created: 1754425928, owned_by: 'system', shutdown_date: '2026-12-11' },
    { id: 'gpt-5.1', created: 1762800673, owned_by: 'system', shutdown_date: null },
    { id: 'text-embedding-3-small', created: 1705948997, owned_by: 'system', shutdown_date: null },
  ],
  retryAfterHeader: false,
  invalidKeyMessage: (apiKey) =>
    `Incorrect API key provided: ${openAIMaskedKey(apiKey)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
};

// Shaped like Groq and Cerebras: created 0 (Cerebras), no `param` in errors (Groq).
const COMPATIBLE: OpenAIFlavour = {
  models: [
    { id: 'llama-3.1-8b-instant', created: 0, owned_by: 'Meta' },
    { id: 'llama-3.3-70b-versatile', created: 0, owned_by: 'Meta' },
    { id: 'gpt-oss-120b', created: 0, owned_by: 'OpenAI' },
  ],
  retryAfterHeader: true,
  invalidKeyMessage: () => 'Invalid API Key',
};

export const openAIAnswers = (): ProviderAnswers => answersFor(OPENAI, true);
export const openAICompatibleAnswers = (): ProviderAnswers => answersFor(COMPATIBLE, false);

function answersFor(flavour: OpenAIFlavour, withParam: boolean): ProviderAnswers {
  const headers = (extra: Record<string, string> = {}) => ({
    'content-type': 'application/json',
    'x-request-id': `req_${hex(16)}`,
    'openai-processing-ms': String(20 + Math.floor(Math.random() * 300)),
    'openai-version': '2020-10-01',
    ...extra,
  });
  const error = (status: number, fields: { message: string; type: string; code: string | null }, extra?: Record<string, string>): FakeAnswer => ({
    status,
    headers: headers(extra),
    body: { error: withParam ? { message: fields.message, type: fields.type, param: null, code: fields.code } : fields },
  });
  const known = new Set(flavour.models.map((m) => m.id));

  return {
    listModels: () => ({
      status: 200,
      headers: headers(),
      body: { object: 'list', data: flavour.models.map(({ id, ...rest }) => ({ id, object: 'model', ...rest })) },
    }),
    chat: (model) =>
      known.has(model)
        ? {
            status: 200,
            headers: headers({
              'x-ratelimit-limit-requests': '10000',
              'x-ratelimit-remaining-requests': '9999',
              'x-ratelimit-reset-requests': '6ms',
            }),
            body: {
              id: `chatcmpl-${hex(12)}`,
              object: 'chat.completion',
              created: Math.floor(Date.now() / 1000),
              model,
              choices: [
                {
                  index: 0,
                  message: { role: 'assistant', content: PROBE_REPLY, refusal: null, annotations: [] },
                  logprobs: null,
                  finish_reason: 'stop',
                },
              ],
              usage: { prompt_tokens: 14, completion_tokens: 1, total_tokens: 15 },
              service_tier: 'default',
              system_fingerprint: `fp_${hex(5)}`,
            },
          }
        : undefined,
    unknownModel: (model) =>
      error(404, { message: `The model \`${model}\` does not exist or you do not have access to it.`, type: 'invalid_request_error', code: 'model_not_found' }),
    missingKey: () =>
      error(401, {
        message:
          "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). You can obtain an API key from https://platform.openai.com/account/api-keys.",
        type: 'invalid_request_error',
        code: null,
      }),
    invalidKey: (apiKey) => error(401, { message: flavour.invalidKeyMessage(apiKey), type: 'invalid_request_error', code: 'invalid_api_key' }),
    // No retry-after on this 429: it never clears by waiting.
    quotaExhausted: () =>
      error(429, {
        message:
          'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
        type: 'insufficient_quota',
        code: 'insufficient_quota',
      }),
    rateLimited: (seconds) =>
      error(
        429,
        {
          message: `Rate limit reached for gpt-4o-mini in organization org-fake on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in ${seconds}s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
          type: 'requests',
          code: 'rate_limit_exceeded',
        },
        {
          'x-ratelimit-limit-requests': '3',
          'x-ratelimit-remaining-requests': '0',
          'x-ratelimit-reset-requests': `${seconds}s`,
          ...(flavour.retryAfterHeader ? { 'retry-after': String(seconds) } : {}),
        },
      ),
    outage: (status: OutageStatus = 500) =>
      status === 500
        ? error(500, {
            message: `The server had an error processing your request. Sorry about that! You can retry your request, or contact us through our help center at help.openai.com if you keep seeing this error. (Please include the request ID req_${hex(16)} in your email.)`,
            type: 'server_error',
            code: null,
          })
        : error(status, {
            message: `That model is currently overloaded with other requests. You can retry your request, or contact us through our help center at help.openai.com if the error persists. (Please include the request ID ${hex(16)} in your message.)`,
            type: 'server_error',
            code: null,
          }),
    unknownRoute: (method, path) => error(404, { message: `Invalid URL (${method} ${path})`, type: 'invalid_request_error', code: null }),
  };
}
