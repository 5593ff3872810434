import { asRecord, classifyByStatus, notFound, quote, str, type ErrorContext, type ProviderErrorClassification } from './error-context';
import { fromRetryAfterHeaders, retryAfterSeconds } from './retry-hints';

/**
 * Anthropic answers: `error.type` first, then `error.details.error_code`; billing problems come
 * back as 400 invalid_request_error, where the message prefix is the only signal there is.
 */
export function classifyAnthropicError(ctx: ErrorContext): ProviderErrorClassification {
  const { label, status, message } = ctx;
  const type = str(ctx.error?.['type']);
  const errorCode = str(asRecord(ctx.error?.['details'])?.['error_code']);

  if (status === 529 || type === 'overloaded_error') {
    return outage(ctx, `${label} is overloaded (HTTP ${status}); not the key's fault.`);
  }
  if (status >= 500 || type === 'api_error' || type === 'timeout_error') {
    return outage(ctx, `${label} had a server error (HTTP ${status}); not the key's fault.`);
  }
  switch (type) {
    case 'authentication_error':
      // A browser Origin problem uses the same type, and says nothing about the key.
      if (/^CORS requests are not allowed/i.test(message)) {
        return { verdict: 'configuration_error', detail: `${label} refused a browser-style (CORS) request; Warden's request is wrong, not the key.` };
      }
      return { verdict: 'invalid_or_revoked', detail: `${label} does not accept this API key: it is wrong, disabled or deleted.` };
    case 'rate_limit_error':
      // The monthly tier cap reuses rate_limit_error; only error_code tells it apart (and no retry-after).
      if (errorCode === 'enforced_spend_limit_reached') {
        return { verdict: 'quota_exhausted', detail: `${label} says the organization reached its monthly spend cap${regainHint(message)}.` };
      }
      return rateLimited(ctx);
    case 'billing_error':
      return { verdict: 'permission_or_billing', detail: `${label} reports a billing problem on the key's account${quote(message)}.` };
    case 'permission_error':
    case 'forbidden':
      // 'forbidden' is the region block: a different body shape with no request-id.
      return {
        verdict: 'permission_or_billing',
        detail: type === 'forbidden'
          ? `${label} does not allow requests from where Warden's worker runs${quote(message)}.`
          : `${label} accepted the key but it may not do this${quote(message)}.`,
      };
    case 'not_found_error':
      return notFound(ctx);
    case 'invalid_request_error':
      if (/^Your credit balance is too low/i.test(message)) {
        return { verdict: 'permission_or_billing', detail: `${label} says the credit balance is too low: buy credits under Plans & Billing.` };
      }
      if (/^You have reached your (specified )?(workspace )?API usage limits/i.test(message)) {
        return { verdict: 'quota_exhausted', detail: `${label} says the key reached the usage limit set for it${regainHint(message)}.` };
      }
      return { verdict: 'configuration_error', detail: `${label} rejected Warden's request as invalid (HTTP ${status})${quote(message)}.` };
    case 'request_too_large':
      return { verdict: 'configuration_error', detail: `${label} says Warden's request is too large.` };
  }
  if (status === 429) return rateLimited(ctx);
  return classifyByStatus(ctx);
}

function rateLimited(ctx: ErrorContext): ProviderErrorClassification {
  const wait = retryAfterSeconds(ctx);
  return {
    verdict: 'rate_limited',
    detail: `${ctx.label} is rate-limiting this key; ${wait !== undefined ? `retry in ${wait} s` : 'retry with backoff'}.`,
    ...(wait !== undefined ? { retryAfterSeconds: wait } : {}),
  };
}

function outage(ctx: ErrorContext, detail: string): ProviderErrorClassification {
  const wait = fromRetryAfterHeaders(ctx);
  return { verdict: 'provider_outage', detail, ...(wait !== undefined ? { retryAfterSeconds: wait } : {}) };
}

/** "You will regain access on 2026-09-01 at 00:00 UTC." — worth showing the billing owner. */
function regainHint(message: string): string {
  const when = /regain access on ([^.]+)/i.exec(message)?.[1];
  return when ? `; access returns on ${when}` : '';
}
