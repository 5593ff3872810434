import { PROVIDER_LABELS, type HealthVerdict, type Provider } from '../contracts/providers';

/** What a provider's error answer means for Warden; `detail` is not yet redacted at this stage. */
export interface ProviderErrorClassification {
  verdict: HealthVerdict;
  detail: string;
  retryAfterSeconds?: number;
}

/** One provider error answer, normalised so the per-provider rules read plain fields. */
export interface ErrorContext {
  provider: Provider;
  label: string;
  status: number;
  /** Lower-cased names: captures and SDKs disagree on case. */
  headers: Record<string, string>;
  /** The `error` object of the body, when there is one. */
  error: Record<string, unknown> | undefined;
  /** The provider's own message; may embed a key (Gemini), so it is redacted before it leaves. */
  message: string;
  /** Reference time for reset timestamps; falls back to the response's `date` header. */
  nowMs?: number;
}

export function buildErrorContext(
  provider: Provider,
  status: number,
  headers: Record<string, string>,
  body: unknown,
  nowMs?: number,
): ErrorContext {
  const lowered: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) lowered[name.toLowerCase()] = String(value);
  const root = unwrapBody(body);
  const error = asRecord(root?.['error']);
  const message = str(error?.['message']) ?? str(root?.['message']) ?? '';
  return { provider, label: providerSubject(provider), status, headers: lowered, error, message, nowMs };
}

/** The provider as the subject of a sentence: "OpenAI refused…", "The OpenAI-compatible provider refused…". */
export function providerSubject(provider: Provider): string {
  return provider === 'openai_compatible' ? 'The OpenAI-compatible provider' : PROVIDER_LABELS[provider];
}

/**
 * Bodies arrive parsed, as text, or (Gemini's non-SSE streamGenerateContent) as a JSON array
 * whose first element carries the error.
 */
function unwrapBody(body: unknown): Record<string, unknown> | undefined {
  let value = body;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (Array.isArray(value)) value = value[0];
  return asRecord(value);
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A short quote of the provider's message for details that need it; long messages are cut. */
export function quote(message: string, max = 180): string {
  const oneLine = inert(message.replace(/\s+/g, ' ').trim());
  if (!oneLine) return '';
  return ` ("${oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine}")`;
}

/**
 * The verdict from the status alone: the last resort once the structured fields said nothing
 * (the corpus shows every provider reusing 400/403/429 for several meanings, so rules go first).
 */
export function classifyByStatus(ctx: ErrorContext): ProviderErrorClassification {
  const { label, status, message } = ctx;
  if (status >= 500) return { verdict: 'provider_outage', detail: `${label} had a server error (HTTP ${status}); not the key's fault.` };
  if (status === 408) return { verdict: 'provider_outage', detail: `${label} timed out answering (HTTP 408).` };
  if (status === 401) return { verdict: 'invalid_or_revoked', detail: `${label} refused the API key (HTTP 401)${quote(message)}.` };
  if (status === 402) return { verdict: 'permission_or_billing', detail: `${label} asks for payment (HTTP 402): the account has no credit${quote(message)}.` };
  if (status === 403) return { verdict: 'permission_or_billing', detail: `${label} accepted the key but forbids this request (HTTP 403)${quote(message)}.` };
  if (status === 404) return notFound(ctx);
  if (status === 429) return { verdict: 'rate_limited', detail: `${label} is throttling requests (HTTP 429); retry later.` };
  return { verdict: 'configuration_error', detail: `${label} rejected Warden's request (HTTP ${status})${quote(message)}.` };
}

/**
 * 404 is never the key's fault. On a list-models check it means the base URL or path is wrong;
 * on a chat probe it usually means the configured model id does not exist.
 */
export function notFound(ctx: ErrorContext): ProviderErrorClassification {
  const aboutModel = /model/i.test(ctx.message) || str(ctx.error?.['code']) === 'model_not_found';
  return {
    verdict: 'configuration_error',
    detail: aboutModel
      ? `${ctx.label} does not offer the requested model to this key${quote(ctx.message)}; choose another model.`
      : `${ctx.label} answered 404 Not Found: the base URL or endpoint Warden called is probably wrong.`,
  };
}

/**
 * Text a provider wrote, made inert for Slack mrkdwn. An OpenAI-compatible host is whatever a
 * person pointed Warden at, and details reach the admin channel: angle brackets are what Slack
 * turns into links and mentions (`<!channel>`, `<https://…|re-enter your key>`), so they become
 * look-alike quotes that Slack shows as typed.
 */
export function inert(text: string): string {
  return text.replace(/</g, '‹').replace(/>/g, '›');
}
