import { PROBE_REPLY, base58ish, type FakeAnswer, type OutageStatus, type ProviderAnswers } from './fake-answer';

// Retired models (Claude Haiku 3.5 and Sonnet 3.7, February 2026) are gone from the list and
// answer 404 on Messages, as they do for real.
const MODELS = [
  { id: 'claude-opus-4-6', display_name: 'Claude Opus 4.6', created_at: '2026-02-05T00:00:00Z' },
  { id: 'claude-sonnet-4-5-20250929', display_name: 'Claude Sonnet 4.5', created_at: '2025-09-29T00:00:00Z' },
  { id: 'claude-haiku-4-5-20251001', display_name: 'Claude Haiku 4.5', created_at: '2025-10-15T00:00:00Z' },
];

// Messages accepts aliases that /v1/models does not list.
const ALIASES: Record<string, string> = {
  'claude-haiku-4-5': 'claude-haiku-4-5-20251001',
  'claude-sonnet-4-5': 'claude-sonnet-4-5-20250929',
};

const ORGANIZATION_ID = '5f0c7a1e-2b7d-4c8e-9a31-6d2f0e4b8c17';

export function anthropicAnswers(): ProviderAnswers {
  const headers = (extra: Record<string, string> = {}) => ({
    'content-type': 'application/json',
    'request-id': `req_011C${base58ish(20)}`,
    'anthropic-organization-id': ORGANIZATION_ID,
    ...extra,
  });
  const error = (status: number, type: string, message: string, extra?: { headers?: Record<string, string>; details?: object }): FakeAnswer => {
    const requestId = `req_011C${base58ish(20)}`;
    return {
      status,
      headers: { ...headers(extra?.headers), 'request-id': requestId },
      body: { type: 'error', error: { type, message, ...(extra?.details ? { details: extra.details } : {}) }, request_id: requestId },
    };
  };
  const resolve = (model: string) => ALIASES[model] ?? MODELS.find((m) => m.id === model)?.id;

  return {
    listModels: (query) => {
      const limit = Math.min(Math.max(Number(query.get('limit') ?? 20) || 20, 1), 1000);
      const page = MODELS.slice(0, limit).map((m) => ({ type: 'model', ...m }));
      return {
        status: 200,
        headers: headers(),
        body: { data: page, has_more: MODELS.length > limit, first_id: page[0]?.id ?? null, last_id: page.at(-1)?.id ?? null },
      };
    },
    chat: (model) => {
      const resolved = resolve(model);
      if (!resolved) return undefined;
      const resetAt = new Date(Date.now() + 1000).toISOString().replace(/\.\d+Z$/, 'Z');
      return {
        status: 200,
        headers: headers({
          'anthropic-ratelimit-requests-limit': '4000',
          'anthropic-ratelimit-requests-remaining': '3999',
          'anthropic-ratelimit-requests-reset': resetAt,
        }),
        body: {
          id: `msg_01${base58ish(22)}`,
          type: 'message',
          role: 'assistant',
          model: resolved,
          content: [{ type: 'text', text: PROBE_REPLY }],
          stop_reason: 'end_turn',
          stop_sequence: null,
          usage: { input_tokens: 14, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1, service_tier: 'standard' },
        },
      };
    },
    unknownModel: (model) => error(404, 'not_found_error', `model: ${model}`),
    missingKey: () => error(401, 'authentication_error', 'x-api-key or Authorization header is required'),
    invalidKey: () => error(401, 'authentication_error', 'invalid x-api-key'),
    // The monthly tier cap reuses rate_limit_error and sends no retry-after.
    quotaExhausted: () => {
      const now = new Date();
      const firstOfNextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
      return error(
        429,
        'rate_limit_error',
        `You have reached your API usage limits: your organization has crossed its monthly API usage threshold, set based on your organization's API tier. You will regain access on ${firstOfNextMonth} at 00:00 UTC.`,
        { details: { error_code: 'enforced_spend_limit_reached' } },
      );
    },
    rateLimited: (seconds) =>
      error(
        429,
        'rate_limit_error',
        `This request would exceed the rate limit for your organization (${ORGANIZATION_ID}) of 50 requests per minute. For details, refer to: https://docs.anthropic.com/en/api/rate-limits. You can see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later. You may also contact sales at https://www.anthropic.com/contact-sales to discuss your options for a rate limit increase.`,
        {
          headers: {
            'retry-after': String(seconds),
            'x-should-retry': 'true',
            'anthropic-ratelimit-requests-limit': '50',
            'anthropic-ratelimit-requests-remaining': '0',
            'anthropic-ratelimit-requests-reset': new Date(Date.now() + seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z'),
          },
        },
      ),
    outage: (status: OutageStatus = 529) =>
      status === 529
        ? error(529, 'overloaded_error', 'Overloaded', { headers: { 'x-should-retry': 'true' } })
        : error(status, 'api_error', status === 500 ? 'Internal server error' : 'Service unavailable', { headers: { 'x-should-retry': 'true' } }),
    unknownRoute: () => error(404, 'not_found_error', 'Not Found'),
  };
}

/** The API refuses requests without a version header; the SDK always sends one. */
export function anthropicMissingVersion(): FakeAnswer {
  return {
    status: 400,
    headers: { 'content-type': 'application/json', 'request-id': `req_011C${base58ish(20)}` },
    body: { type: 'error', error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' } },
  };
}
