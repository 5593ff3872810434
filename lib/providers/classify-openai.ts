import { classifyByStatus, notFound, quote, str, type ErrorContext, type ProviderErrorClassification } from './error-context';
import { retryAfterSeconds } from './retry-hints';

// Newer billing codes share `type: insufficient_quota`; old bodies carry `code: null` with that type.
const QUOTA_CODES = new Set([
  'insufficient_quota',
  'credit_balance_exhausted',
  'organization_spend_limit_exceeded',
  'project_spend_limit_exceeded',
  'organization_usage_limit_exceeded',
]);

/**
 * OpenAI and OpenAI-compatible answers (Groq, Cerebras, OpenRouter, DeepSeek…). Keys on
 * `error.code`, then `error.type`, then the status; OpenRouter's `code` is a number (402, 429).
 */
export function classifyOpenAIError(ctx: ErrorContext): ProviderErrorClassification {
  const { label, status, message } = ctx;
  const rawCode = ctx.error?.['code'];
  const code = str(rawCode);
  const type = str(ctx.error?.['type']);

  switch (code) {
    case 'invalid_api_key':
      return { verdict: 'invalid_or_revoked', detail: `${label} does not recognise this API key: it is wrong, revoked or deleted.` };
    case 'account_deactivated':
      return { verdict: 'invalid_or_revoked', detail: `${label} says the account behind this key is deactivated; another key of the same account will not help.` };
    case 'mismatched_organization':
      // The key may be fine: Warden sent an OpenAI-Organization header that does not match it.
      return { verdict: 'configuration_error', detail: `${label} says the organization Warden sent does not match this key's organization.` };
    case 'no_organization':
      return { verdict: 'permission_or_billing', detail: `${label} says the key's user is not a member of any organization.` };
    case 'billing_not_active':
      return { verdict: 'permission_or_billing', detail: `${label} says billing is not active on the key's account.` };
    case 'unsupported_country_region_territory':
      return { verdict: 'permission_or_billing', detail: `${label} refuses requests from the country or region Warden's worker runs in.` };
    case 'server_is_overloaded':
      return { verdict: 'provider_outage', detail: `${label}'s servers are overloaded; not the key's fault.` };
    case 'model_not_found':
      // 403: the project may not use that model (key valid). 404 / 400 param=model: no such model id.
      if (status === 403) return { verdict: 'permission_or_billing', detail: `${label} accepted the key, but its project may not use the requested model${quote(message)}.` };
      return notFound(ctx);
  }
  if ((code && QUOTA_CODES.has(code)) || type === 'insufficient_quota') {
    return { verdict: 'quota_exhausted', detail: `${label} says the key's account has no quota left (${code ?? type}): add credits or raise the spend limit.` };
  }
  if (type === 'billing_not_active') {
    return { verdict: 'permission_or_billing', detail: `${label} says billing is not active on the key's account.` };
  }
  if (status === 429 && /request too large/i.test(message)) {
    // Never succeeds on retry: the request itself is bigger than the limit.
    return { verdict: 'configuration_error', detail: `${label} says the request is larger than the key's token limit allows.` };
  }
  if (status === 429 || code === 'rate_limit_exceeded' || code === 'slow_down' || rawCode === 429) {
    return rateLimited(ctx);
  }
  // OpenRouter puts the meaning in a numeric `code` that mirrors the status.
  if (typeof rawCode === 'number' && rawCode !== status && rawCode >= 400) return classifyByStatus({ ...ctx, status: rawCode });
  return classifyByStatus(ctx);
}

function rateLimited(ctx: ErrorContext): ProviderErrorClassification {
  const upstream = str((ctx.error?.['metadata'] as Record<string, unknown> | undefined)?.['raw']);
  const wait = retryAfterSeconds(ctx);
  const why = upstream && /upstream/i.test(upstream) ? 'the upstream model is rate-limited, not this key' : 'the key hit a rate limit';
  return {
    verdict: 'rate_limited',
    detail: `${ctx.label} is throttling requests (${why}); ${wait !== undefined ? `retry in ${wait} s` : 'retry with backoff'}.`,
    ...(wait !== undefined ? { retryAfterSeconds: wait } : {}),
  };
}
