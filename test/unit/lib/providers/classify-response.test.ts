import type { HealthVerdict, Provider } from '../../../../lib/contracts/providers';
import { classifyProviderError } from '../../../../lib/providers';

// One case per error answer in the provider reference corpus (/work/shared/fixtures/providers),
// rebuilt here in the same shapes. The 200 answers are covered by the key-check tests against the
// fake. The corpus's `model-unavailable` is not a Warden verdict: it becomes configuration_error.

interface Case {
  fixture: string;
  provider: Provider;
  status: number;
  headers?: Record<string, string>;
  body: unknown;
  verdict: HealthVerdict;
  retryAfterSeconds?: number;
}

const openai = (message: string, type: string | null, code: string | null, param: string | null = null) => ({
  error: { message, type, param, code },
});
const anthropic = (type: string, message: string, extra: Record<string, unknown> = {}) => ({
  type: 'error',
  error: { type, message, ...extra },
  request_id: 'req_011CbGwJbzjfDGN6vNFPYMGA',
});
const gemini = (code: number, status: string, message: string, details?: unknown[]) => ({
  error: { code, message, status, ...(details ? { details } : {}) },
});
const errorInfo = (reason: string, metadata: Record<string, string> = { service: 'generativelanguage.googleapis.com' }) => ({
  '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
  reason,
  domain: 'googleapis.com',
  metadata,
});
const localized = (message: string) => ({ '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message });
const help = { '@type': 'type.googleapis.com/google.rpc.Help', links: [{ description: 'Learn more about Gemini API quotas', url: 'https://ai.google.dev/gemini-api/docs/rate-limits' }] };
const quotaFailure = (...quotaIds: string[]) => ({
  '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
  violations: quotaIds.map((quotaId) => ({
    quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
    quotaId,
    quotaDimensions: { location: 'global', model: 'gemini-2.5-flash' },
  })),
});
const QUOTA_MESSAGE =
  'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.';
const KEY_INVALID = 'API key not valid. Please pass a valid API key.';

const cases: Case[] = [
  // OpenAI
  { fixture: 'openai-invalid-key', provider: 'openai', status: 401, body: openai('Incorrect API key provided: sk-proj-****************_UkA. You can find your API key at https://platform.openai.com/account/api-keys.', 'invalid_request_error', 'invalid_api_key'), verdict: 'invalid_or_revoked' },
  { fixture: 'openai-wrong-organization', provider: 'openai', status: 401, body: openai('OpenAI-Organization header should match organization for API key', 'invalid_request_error', 'mismatched_organization'), verdict: 'configuration_error' },
  { fixture: 'openai-no-organization', provider: 'openai', status: 401, body: openai('You must be a member of an organization to use the API. Please contact us through our help center at help.openai.com.', 'invalid_request_error', 'no_organization'), verdict: 'permission_or_billing' },
  { fixture: 'openai-account-deactivated', provider: 'openai', status: 401, body: openai('This key is associated with a deactivated account. If you feel this is an error, contact us through our help center at help.openai.com.', 'invalid_request_error', 'account_deactivated'), verdict: 'invalid_or_revoked' },
  { fixture: 'openai-quota-exhausted', provider: 'openai', status: 429, body: openai('You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.', 'insufficient_quota', 'insufficient_quota'), verdict: 'quota_exhausted' },
  { fixture: 'openai-credit-balance-exhausted', provider: 'openai', status: 429, body: openai('<not captured>', 'insufficient_quota', 'credit_balance_exhausted'), verdict: 'quota_exhausted' },
  { fixture: 'openai-billing-not-active', provider: 'openai', status: 429, headers: { 'x-request-id': 'req_c8a9aa9843db449de0e4f3ada778f6ce', 'content-type': 'application/json; charset=utf-8' }, body: openai('Your account is not active, please check your billing details on our website.', 'billing_not_active', 'billing_not_active'), verdict: 'permission_or_billing' },
  { fixture: 'openai-rate-limited', provider: 'openai', status: 429, headers: { 'content-type': 'application/json', 'openai-version': '2020-10-01', 'x-request-id': '[redacted]' }, body: openai('Rate limit reached for gpt-4 in organization org-********** on tokens per min (TPM): Limit 10000, Used 9348, Requested 5086. Please try again in 26.604s. Visit https://platform.openai.com/account/rate-limits to learn more.', 'tokens', 'rate_limit_exceeded'), verdict: 'rate_limited', retryAfterSeconds: 27 },
  { fixture: 'openai-server-error', provider: 'openai', status: 500, body: openai('The server had an error processing your request. Sorry about that! (Please include the request ID req_540c6eaab7f4556b2baa22bcba915d51 in your email.)', 'server_error', null), verdict: 'provider_outage' },
  { fixture: 'openai-overloaded-503', provider: 'openai', status: 503, body: openai('That model is currently overloaded with other requests. (Please include the request ID 500d9fff2057e4af93a280f67002c342 in your message.)', 'server_error', null), verdict: 'provider_outage' },
  { fixture: 'openai-server-is-overloaded', provider: 'openai', status: 503, body: openai('Our servers are currently overloaded. Please try again later.', 'service_unavailable_error', 'server_is_overloaded'), verdict: 'provider_outage' },
  { fixture: 'openai-unsupported-country', provider: 'openai', status: 403, body: openai('Country, region, or territory not supported', 'request_forbidden', 'unsupported_country_region_territory'), verdict: 'permission_or_billing' },
  { fixture: 'openai-model-access-denied', provider: 'openai', status: 403, body: openai('Project `proj_QRf115YMnQwMUdTI9cu2sWQ8` does not have access to model `gpt-4o-mini`', 'invalid_request_error', 'model_not_found'), verdict: 'permission_or_billing' },
  { fixture: 'openai-model-not-found', provider: 'openai', status: 404, body: openai('The model `gpt-5.2-proo` does not exist or you do not have access to it.', 'invalid_request_error', 'model_not_found'), verdict: 'configuration_error' },
  { fixture: 'openai-responses-model-not-found', provider: 'openai', status: 400, body: openai("The requested model 'gpt-5.2-proo' does not exist.", 'invalid_request_error', 'model_not_found', 'model'), verdict: 'configuration_error' },
  // Anthropic
  { fixture: 'anthropic-invalid-key', provider: 'anthropic', status: 401, body: { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } }, verdict: 'invalid_or_revoked' },
  {
    fixture: 'anthropic-rate-limited', provider: 'anthropic', status: 429,
    headers: { 'x-should-retry': 'true', 'anthropic-ratelimit-input-tokens-remaining': '0', 'anthropic-ratelimit-input-tokens-reset': '2025-06-02T15:15:48Z', 'retry-after': '16' },
    body: { type: 'error', error: { type: 'rate_limit_error', message: 'This request would exceed the rate limit for your organization (0dccdde6-f924-4f1b-bb3b-92ef846e0a5b) of 20,000 input tokens per minute.' } },
    verdict: 'rate_limited', retryAfterSeconds: 16,
  },
  { fixture: 'anthropic-spend-cap-reached', provider: 'anthropic', status: 429, body: anthropic('rate_limit_error', "You have reached your API usage limits: your organization has crossed its monthly API usage threshold, set based on your organization's API tier. You will regain access on 2026-09-01 at 00:00 UTC.", { details: { error_code: 'enforced_spend_limit_reached' } }), verdict: 'quota_exhausted' },
  { fixture: 'anthropic-workspace-spend-limit', provider: 'anthropic', status: 400, body: { type: 'error', error: { type: 'invalid_request_error', message: 'You have reached your specified workspace API usage limits. You will regain access on 2025-06-01 at 00:00 UTC.' } }, verdict: 'quota_exhausted' },
  { fixture: 'anthropic-credit-balance-too-low', provider: 'anthropic', status: 400, body: anthropic('invalid_request_error', 'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.'), verdict: 'permission_or_billing' },
  { fixture: 'anthropic-overloaded', provider: 'anthropic', status: 529, headers: { 'request-id': 'req_01RCc7MbLyQNtGKzBTv8VCep', 'x-should-retry': 'true' }, body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, verdict: 'provider_outage' },
  { fixture: 'anthropic-api-error', provider: 'anthropic', status: 500, body: anthropic('api_error', 'Internal server error'), verdict: 'provider_outage' },
  { fixture: 'anthropic-api-error-overloaded-message', provider: 'anthropic', status: 500, body: { type: 'error', error: { type: 'api_error', message: 'Overloaded' }, request_id: null }, verdict: 'provider_outage' },
  { fixture: 'anthropic-permission-error', provider: 'anthropic', status: 403, body: anthropic('permission_error', 'Permission denied'), verdict: 'permission_or_billing' },
  { fixture: 'anthropic-forbidden-region', provider: 'anthropic', status: 403, headers: { server: 'cloudflare' }, body: { error: { type: 'forbidden', message: 'Request not allowed' } }, verdict: 'permission_or_billing' },
  { fixture: 'anthropic-model-not-found', provider: 'anthropic', status: 404, body: anthropic('not_found_error', 'model: claude-sonet-4-5'), verdict: 'configuration_error' },
  // Gemini
  { fixture: 'gemini-invalid-key', provider: 'gemini', status: 400, body: gemini(400, 'INVALID_ARGUMENT', KEY_INVALID, [errorInfo('API_KEY_INVALID'), localized(KEY_INVALID)]), verdict: 'invalid_or_revoked' },
  { fixture: 'gemini-invalid-key-stream-array', provider: 'gemini', status: 400, body: [gemini(400, 'INVALID_ARGUMENT', KEY_INVALID, [errorInfo('API_KEY_INVALID'), localized(KEY_INVALID)])], verdict: 'invalid_or_revoked' },
  { fixture: 'gemini-expired-key', provider: 'gemini', status: 400, body: gemini(400, 'INVALID_ARGUMENT', 'API key expired. Please renew the API key.', [errorInfo('API_KEY_INVALID'), localized('API key expired. Please renew the API key.')]), verdict: 'invalid_or_revoked' },
  { fixture: 'gemini-leaked-key', provider: 'gemini', status: 403, body: gemini(403, 'PERMISSION_DENIED', 'Your API key was reported as leaked. Please use another API key.'), verdict: 'invalid_or_revoked' },
  { fixture: 'gemini-key-suspended', provider: 'gemini', status: 403, body: gemini(403, 'PERMISSION_DENIED', "Permission denied: Consumer 'api_key:<API_KEY' has been suspended.", [errorInfo('CONSUMER_SUSPENDED', { service: 'generativelanguage.googleapis.com', consumer: 'projects/993395320710' })]), verdict: 'invalid_or_revoked' },
  { fixture: 'gemini-rate-limited', provider: 'gemini', status: 429, body: gemini(429, 'RESOURCE_EXHAUSTED', QUOTA_MESSAGE, [quotaFailure('GenerateContentInputTokensPerModelPerMinute-FreeTier'), help, { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '26s' }]), verdict: 'rate_limited', retryAfterSeconds: 26 },
  {
    fixture: 'gemini-files-storage-quota-exceeded',
    provider: 'gemini',
    status: 429,
    body: gemini(429, 'RESOURCE_EXHAUSTED', `${QUOTA_MESSAGE}\n* Quota exceeded for metric: generativelanguage.googleapis.com/file_storage_bytes, limit: 21474836480`, [
      { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaMetric: 'generativelanguage.googleapis.com/file_storage_bytes', quotaId: 'FileStorageBytesPerProject', quotaValue: '21474836480' }] },
      help,
    ]),
    verdict: 'quota_exhausted',
  },
  { fixture: 'gemini-quota-exhausted-daily', provider: 'gemini', status: 429, body: gemini(429, 'RESOURCE_EXHAUSTED', QUOTA_MESSAGE, [quotaFailure('GenerateContentInputTokensPerModelPerMinute-FreeTier', 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier', 'GenerateRequestsPerDayPerProjectPerModel-FreeTier')]), verdict: 'quota_exhausted' },
  {
    fixture: 'gemini-quota-limit-zero', provider: 'gemini', status: 429,
    body: gemini(429, 'RESOURCE_EXHAUSTED', `${QUOTA_MESSAGE} \n* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 0, model: gemini-3-pro\nPlease retry in 45.578569677s.`, [help]),
    verdict: 'permission_or_billing',
  },
  { fixture: 'gemini-quota-exhausted-no-details', provider: 'gemini', status: 429, body: gemini(429, 'RESOURCE_EXHAUSTED', `${QUOTA_MESSAGE} To monitor your current usage, head to: https://ai.dev/rate-limit. `), verdict: 'rate_limited' },
  { fixture: 'gemini-resource-exhausted-generic', provider: 'gemini', status: 429, body: gemini(429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).'), verdict: 'rate_limited' },
  { fixture: 'gemini-location-not-supported', provider: 'gemini', status: 400, body: gemini(400, 'FAILED_PRECONDITION', 'User location is not supported for the API use.'), verdict: 'permission_or_billing' },
  { fixture: 'gemini-internal', provider: 'gemini', status: 500, body: gemini(500, 'INTERNAL', 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting'), verdict: 'provider_outage' },
  { fixture: 'gemini-unavailable', provider: 'gemini', status: 503, body: gemini(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.'), verdict: 'provider_outage' },
  { fixture: 'gemini-model-not-found', provider: 'gemini', status: 404, body: gemini(404, 'NOT_FOUND', 'models/gemini-3.6-flahs is not found for API version v1beta, or is not supported for generateContent. Call ModelService.ListModels to see the list of available models and their supported methods.'), verdict: 'configuration_error' },
  // OpenAI-compatible
  { fixture: 'openai-compatible-groq-invalid-key', provider: 'openai_compatible', status: 401, headers: { 'x-request-id': 'req_01jngbvsctfy0bmjw87yea904b', 'x-groq-region': 'us-west-1' }, body: { error: { message: 'Invalid API Key', type: 'invalid_request_error', code: 'invalid_api_key' } }, verdict: 'invalid_or_revoked' },
  { fixture: 'openai-compatible-groq-model-not-found', provider: 'openai_compatible', status: 404, body: { error: { code: 'model_not_found', message: 'The model `llama-3.3-70b-versatlie` does not exist or you do not have access to it.', type: 'invalid_request_error' } }, verdict: 'configuration_error' },
  { fixture: 'openai-compatible-openrouter-insufficient-credits', provider: 'openai_compatible', status: 402, body: { error: { message: 'Insufficient credits. This account never purchased credits. Make sure your key is on the correct account or org, and if so, purchase more at https://openrouter.ai/settings/credits', code: 402 } }, verdict: 'permission_or_billing' },
  {
    fixture: 'openai-compatible-openrouter-upstream-rate-limited', provider: 'openai_compatible', status: 429,
    body: { error: { code: 429, message: 'Provider returned error', metadata: { provider_name: 'Google', raw: 'google/gemini-2.0-flash-exp:free is temporarily rate-limited upstream. Please retry shortly, or add your own key to accumulate your rate limits: https://openrouter.ai/settings/integrations' } }, user_id: 'user_2wT5ElBE4Es3R4QrNLpZiXICmQP' },
    verdict: 'rate_limited',
  },
];

describe('classifyProviderError on the provider reference corpus', () => {
  test.each(cases)('$fixture → $verdict', ({ provider, status, headers, body, verdict, retryAfterSeconds }) => {
    const result = classifyProviderError(provider, status, headers ?? {}, body);
    expect(result.verdict).toBe(verdict);
    expect(result.retryAfterSeconds).toBe(retryAfterSeconds);
    // A sentence a person can read in Slack, never a raw body dump.
    expect(result.detail).toMatch(/^[A-Z].{10,400}[.]$/s);
    expect(result.detail).not.toContain('{');
  });

  test('the corpus has no error fixture left out', () => {
    expect(cases).toHaveLength(45);
    expect(new Set(cases.map((c) => c.fixture)).size).toBe(cases.length);
  });
});
