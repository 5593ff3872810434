import type { Provider } from '../contracts/providers';
import { redactSecrets } from '../log/redact';
import { classifyAnthropicError } from './classify-anthropic';
import { classifyGeminiError } from './classify-gemini';
import { classifyOpenAIError } from './classify-openai';
import { buildErrorContext, type ProviderErrorClassification } from './error-context';

export type { ProviderErrorClassification } from './error-context';

/**
 * What a provider's non-2xx answer means for Warden, following the provider reference corpus:
 * structured fields first, message text only where the provider gives nothing else, the status
 * code last (every provider reuses 400, 403 and 429 for several meanings).
 *
 * The corpus's `model-unavailable` is not a HealthVerdict: an unknown model, or a 404 on a
 * list-models check (wrong base URL), means Warden's request is wrong → `configuration_error`.
 *
 * `retryAfterSeconds` is only given where waiting helps (rate limits, outages): Gemini's RetryInfo
 * next to a daily quota or a zero limit would promise a recovery that never comes.
 *
 * Pure: `nowMs` (optional) anchors reset timestamps; without it the response's `date` header does.
 */
export function classifyProviderError(
  provider: Provider,
  status: number,
  headers: Record<string, string>,
  body: unknown,
  nowMs?: number,
): ProviderErrorClassification {
  const ctx = buildErrorContext(provider, status, headers, body, nowMs);
  const result =
    provider === 'anthropic' ? classifyAnthropicError(ctx)
    : provider === 'gemini' ? classifyGeminiError(ctx)
    : classifyOpenAIError(ctx);

  const keepsWait = result.verdict === 'rate_limited' || result.verdict === 'provider_outage';
  return {
    verdict: result.verdict,
    // Gemini messages can embed the full API key; details go to Slack, logs and workflow history.
    detail: redactSecrets(result.detail),
    ...(keepsWait && result.retryAfterSeconds !== undefined ? { retryAfterSeconds: result.retryAfterSeconds } : {}),
  };
}
