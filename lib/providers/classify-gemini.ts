import { asRecord, classifyByStatus, notFound, quote, str, type ErrorContext, type ProviderErrorClassification } from './error-context';
import { fromRetryAfterHeaders, retryAfterSeconds } from './retry-hints';

// Reasons in google.rpc.ErrorInfo that mean the key works but is fenced off (API restrictions,
// referrer/IP allow-lists, API not enabled in the key's project).
const RESTRICTED_REASONS = new Set([
  'SERVICE_DISABLED',
  'API_KEY_SERVICE_BLOCKED',
  'API_KEY_HTTP_REFERRER_BLOCKED',
  'API_KEY_IP_ADDRESS_BLOCKED',
  'API_KEY_ANDROID_APP_BLOCKED',
  'API_KEY_IOS_APP_BLOCKED',
]);

/**
 * Gemini answers (google.rpc.Status): `error.status` plus the `details` entries, searched by
 * `@type` because their order and number change between API versions.
 */
export function classifyGeminiError(ctx: ErrorContext): ProviderErrorClassification {
  const { label, status, message } = ctx;
  const rpcStatus = str(ctx.error?.['status']);
  const details = Array.isArray(ctx.error?.['details']) ? (ctx.error['details'] as unknown[]).map(asRecord) : [];
  const ofType = (name: string) => details.filter((d) => str(d?.['@type'])?.endsWith(`google.rpc.${name}`));
  const reason = str(ofType('ErrorInfo')[0]?.['reason']);

  // A bad key is 400 INVALID_ARGUMENT, not 401; the ErrorInfo reason is the only discriminator.
  if (reason === 'API_KEY_INVALID') {
    return {
      verdict: 'invalid_or_revoked',
      detail: /expired/i.test(message)
        ? `${label} says this API key has expired; renew or replace it.`
        : `${label} does not accept this API key: it is not valid.`,
    };
  }
  if (reason === 'CONSUMER_SUSPENDED') {
    // The message names the key itself ("Consumer 'api_key:AIza…'"); the caller redacts it.
    return { verdict: 'invalid_or_revoked', detail: `Google suspended the project behind this key${quote(message)}.` };
  }
  if (reason && RESTRICTED_REASONS.has(reason)) {
    return { verdict: 'permission_or_billing', detail: `${label} accepted the key but its restrictions block this call (${reason}).` };
  }
  if (status === 403 && /reported as leaked/i.test(message)) {
    // No details at all on this answer: the message is the only signal. The key is blocked for good.
    return { verdict: 'invalid_or_revoked', detail: `Google blocked this key because it was reported as leaked; replace it now.` };
  }
  if (status === 429 || rpcStatus === 'RESOURCE_EXHAUSTED') return resourceExhausted(ctx, ofType);
  if (status >= 500 || rpcStatus === 'INTERNAL' || rpcStatus === 'UNAVAILABLE' || rpcStatus === 'DEADLINE_EXCEEDED') {
    const wait = fromRetryAfterHeaders(ctx);
    return {
      verdict: 'provider_outage',
      detail: `${label} is unavailable (HTTP ${status}${rpcStatus ? ` ${rpcStatus}` : ''}); not the key's fault.`,
      ...(wait !== undefined ? { retryAfterSeconds: wait } : {}),
    };
  }
  if (rpcStatus === 'FAILED_PRECONDITION' || /location is not supported/i.test(message)) {
    // About the caller's egress location (or a free tier unavailable there), not the key.
    return { verdict: 'permission_or_billing', detail: `${label} refuses this request from where Warden's worker runs${quote(message)}.` };
  }
  if (status === 404 || rpcStatus === 'NOT_FOUND') return notFound(ctx);
  if (status === 403 || rpcStatus === 'PERMISSION_DENIED') {
    return { verdict: 'permission_or_billing', detail: `${label} denied this request${quote(message)}.` };
  }
  if (status === 400 || rpcStatus === 'INVALID_ARGUMENT') {
    return { verdict: 'configuration_error', detail: `${label} rejected Warden's request as invalid${quote(message)}.` };
  }
  return classifyByStatus(ctx);
}

/**
 * One status and one message ("You exceeded your current quota…") for four situations:
 * a tier with no quota at all ("limit: 0"), the Files API's full storage, a spent daily quota
 * (quotaId …PerDay…), and a per-minute limit worth waiting out. A RetryInfo next to the first two is misleading.
 */
function resourceExhausted(
  ctx: ErrorContext,
  ofType: (name: string) => Array<Record<string, unknown> | undefined>,
): ProviderErrorClassification {
  const { label, message } = ctx;
  const violations = ofType('QuotaFailure').flatMap((d) =>
    Array.isArray(d?.['violations']) ? (d['violations'] as unknown[]).map(asRecord) : [],
  );
  if (/\blimit: 0\b/.test(message) || violations.some((v) => str(v?.['quotaValue']) === '0')) {
    return { verdict: 'permission_or_billing', detail: `${label}'s tier for this key has no quota for the model (limit 0): enable billing or use another model.` };
  }
  // The Files API's 20 GB per project: freed only as files are deleted or expire (48 h), so waiting a few
  // seconds is no use, and the RetryInfo Google sends with it can be int64-max seconds.
  const storage = violations.find((v) => str(v?.['quotaId']) === 'FileStorageBytesPerProject' || str(v?.['quotaMetric'])?.endsWith('/file_storage_bytes'));
  if (storage) {
    return { verdict: 'quota_exhausted', detail: `${label}'s file storage for this key's project is full (FileStorageBytesPerProject): files free up as they are deleted or expire after 48 h.` };
  }
  const daily = violations.find((v) => str(v?.['quotaId'])?.includes('PerDay'));
  if (daily) {
    return { verdict: 'quota_exhausted', detail: `${label} says the key's daily quota is spent (${str(daily['quotaId'])}); it resets tomorrow.` };
  }
  const wait = retryAfterSeconds(ctx, str(ofType('RetryInfo')[0]?.['retryDelay']));
  return {
    verdict: 'rate_limited',
    detail: `${label} is throttling this key (RESOURCE_EXHAUSTED); ${wait !== undefined ? `retry in ${wait} s` : 'retry with backoff'}.`,
    ...(wait !== undefined ? { retryAfterSeconds: wait } : {}),
  };
}
