import type { ErrorContext } from './error-context';

/**
 * How long a provider asked us to wait, in whole seconds (rounded up so a retry never lands early),
 * from whichever hint it gave. Providers disagree on where the hint lives:
 * - `retry-after` / `retry-after-ms` headers (Anthropic always on a transient 429; OpenAI sometimes);
 * - Google's RetryInfo.retryDelay, a protobuf Duration string ("26s", "38.2s") — Gemini sends no header;
 * - the message text only ("Please try again in 26.604s" / "644ms", "Please retry in 45.57s");
 * - OpenAI `x-ratelimit-reset-*` durations ("6m0s") and Anthropic `anthropic-ratelimit-*-reset`
 *   RFC 3339 timestamps, for whichever limit reports 0 remaining.
 */
export function retryAfterSeconds(ctx: ErrorContext, retryDelay?: string): number | undefined {
  return (
    fromRetryAfterHeaders(ctx) ??
    (retryDelay !== undefined ? parseDurationSeconds(retryDelay) : undefined) ??
    fromMessage(ctx.message) ??
    fromResetHeaders(ctx)
  );
}

export function fromRetryAfterHeaders(ctx: ErrorContext): number | undefined {
  const ms = Number(ctx.headers['retry-after-ms']);
  if (ctx.headers['retry-after-ms'] && Number.isFinite(ms) && ms >= 0) return Math.ceil(ms / 1000);
  const raw = ctx.headers['retry-after']?.trim();
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Math.ceil(Number(raw));
  // The HTTP-date form counts from the response's own clock.
  const at = Date.parse(raw);
  const ref = referenceTime(ctx);
  return Number.isNaN(at) || ref === undefined ? undefined : Math.max(0, Math.ceil((at - ref) / 1000));
}

function fromMessage(message: string): number | undefined {
  const match = /(?:try again|retry) in ((?:\d+(?:\.\d+)?(?:ms|h|m|s))+)/i.exec(message);
  return match?.[1] ? parseDurationSeconds(match[1]) : undefined;
}

function fromResetHeaders(ctx: ErrorContext): number | undefined {
  const waits: number[] = [];
  for (const [name, value] of Object.entries(ctx.headers)) {
    if (value.trim() !== '0') continue;
    const openai = /^x-ratelimit-remaining-(.+)$/.exec(name)?.[1];
    const anthropic = /^anthropic-ratelimit-(.+)-remaining$/.exec(name)?.[1];
    const reset = openai
      ? ctx.headers[`x-ratelimit-reset-${openai}`]
      : anthropic
        ? ctx.headers[`anthropic-ratelimit-${anthropic}-reset`]
        : undefined;
    if (!reset) continue;
    const seconds = /^\d{4}-\d{2}-\d{2}T/.test(reset) ? untilTimestamp(ctx, reset) : parseDurationSeconds(reset);
    if (seconds !== undefined) waits.push(seconds);
  }
  return waits.length ? Math.max(...waits) : undefined;
}

function untilTimestamp(ctx: ErrorContext, iso: string): number | undefined {
  const at = Date.parse(iso);
  const ref = referenceTime(ctx);
  return Number.isNaN(at) || ref === undefined ? undefined : Math.max(0, Math.ceil((at - ref) / 1000));
}

function referenceTime(ctx: ErrorContext): number | undefined {
  if (ctx.nowMs !== undefined) return ctx.nowMs;
  const date = ctx.headers['date'] ? Date.parse(ctx.headers['date']) : NaN;
  return Number.isNaN(date) ? undefined : date;
}

/** Go/protobuf-style durations: "26s", "38.2s", "644ms", "1m30s", "6m0s", "1h". */
export function parseDurationSeconds(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+(\.\d+)?(ms|h|m|s))+$/.test(trimmed)) return undefined;
  // Summed in milliseconds so "5000ms" is exactly 5 s, not 5.000000000000001.
  const msPer: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  let totalMs = 0;
  for (const part of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) totalMs += Number(part[1]) * (msPer[part[2] ?? 's'] ?? 1000);
  return Math.ceil(Math.round(totalMs) / 1000);
}
