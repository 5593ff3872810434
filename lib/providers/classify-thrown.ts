import * as AnthropicSdk from '@anthropic-ai/sdk';
import { GoogleGenerativeAIAbortError, GoogleGenerativeAIFetchError } from '@google/generative-ai';
import * as OpenAISdk from 'openai';
import type { Provider } from '../contracts/providers';
import { ERROR_CODES, isWardenError } from '../errors';
import { redactSecrets } from '../log/redact';
import { findRefusedUrlError } from '../net';
import { classifyProviderError, type ProviderErrorClassification } from './classify-response';
import { providerSubject } from './error-context';
import { ProviderHttpError } from './provider-http-error';

export interface ThrownClassification extends ProviderErrorClassification {
  httpStatus?: number;
}

/**
 * Turns whatever a provider call threw into a verdict: SDK status errors carry status, headers
 * and body and go through classifyProviderError; timeouts and network failures are
 * provider_outage (retried, never blamed on the key); a missing base URL is configuration_error.
 */
export function classifyThrownError(
  provider: Provider,
  err: unknown,
  call: { host: string; timeoutMs: number; timedOut?: boolean },
): ThrownClassification {
  const label = providerSubject(provider);
  const where = call.host ? ` at ${call.host}` : '';
  if (isWardenError(err) && err.code === ERROR_CODES.providerConfiguration) {
    return { verdict: 'configuration_error', detail: err.message };
  }
  // The guarded fetch refused a person-given base URL (private address, plain http, redirect). SDKs
  // wrap it as a connection error; unwrapped, it is a configuration problem that no retry fixes.
  const refused = findRefusedUrlError(err);
  if (refused) return { verdict: 'configuration_error', detail: redactSecrets(refused.message) };
  // The caller's own deadline is the reliable signal: how an SDK reports an abort varies (and
  // errors from another realm, such as a test VM, fail instanceof checks).
  if (call.timedOut || isTimeout(err)) {
    return { verdict: 'provider_outage', detail: `${label}${where} did not answer within ${call.timeoutMs} ms; treated as a provider outage.` };
  }
  const answer = statusAnswer(err);
  if (answer) return { ...classifyProviderError(provider, answer.status, answer.headers, answer.body), httpStatus: answer.status };
  return {
    verdict: 'provider_outage',
    detail: redactSecrets(`${label}${where} could not be reached (${networkReason(err)}); treated as a provider outage.`),
  };
}

function isTimeout(err: unknown): boolean {
  const name = typeof err === 'object' && err !== null ? (err as { name?: unknown }).name : undefined;
  return (
    err instanceof OpenAISdk.APIConnectionTimeoutError ||
    err instanceof AnthropicSdk.APIConnectionTimeoutError ||
    err instanceof OpenAISdk.APIUserAbortError ||
    err instanceof AnthropicSdk.APIUserAbortError ||
    err instanceof GoogleGenerativeAIAbortError ||
    name === 'TimeoutError' ||
    name === 'AbortError'
  );
}

interface StatusAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

function statusAnswer(err: unknown): StatusAnswer | undefined {
  if (err instanceof ProviderHttpError) return { status: err.status, headers: err.headers, body: err.body };
  if (err instanceof OpenAISdk.APIError && typeof err.status === 'number') {
    // The OpenAI SDK keeps only the body's `error` member; put the envelope back.
    return { status: err.status, headers: headerRecord(err.headers), body: err.error === undefined ? undefined : { error: err.error } };
  }
  if (err instanceof AnthropicSdk.APIError && typeof err.status === 'number') {
    return { status: err.status, headers: headerRecord(err.headers), body: err.error };
  }
  if (isGeminiFetchError(err)) return { status: err.status, headers: {}, body: geminiBody(err) };
  return undefined;
}

type GeminiFetchError = Pick<GoogleGenerativeAIFetchError, 'message' | 'errorDetails'> & { status: number };

/**
 * The Files API client (`@google/generative-ai/server`) bundles its own copy of the SDK's error classes and
 * does not export them, so its HTTP errors fail `instanceof` and are recognised by their shape: without this,
 * a full file storage or a refused upload would read as an unreachable provider.
 */
function isGeminiFetchError(err: unknown): err is GeminiFetchError {
  if (err instanceof GoogleGenerativeAIFetchError) return typeof err.status === 'number';
  if (!(err instanceof Error)) return false;
  const shape = err as Error & { status?: unknown; statusText?: unknown };
  return typeof shape.status === 'number' && typeof shape.statusText === 'string' && err.message.startsWith('[GoogleGenerativeAI Error]: Error fetching from');
}

/**
 * The Gemini SDK throws away the body and keeps status, details and a message shaped
 * "Error fetching from <url>: [400 Bad Request] <message> <details JSON>"; rebuild the
 * google.rpc.Status the classifier reads.
 */
function geminiBody(err: GeminiFetchError): unknown {
  const afterStatus = /\]\s(.*)$/s.exec(err.message)?.[1] ?? '';
  const details = err.errorDetails ?? [];
  const suffix = details.length ? ` ${JSON.stringify(details)}` : '';
  const message = suffix && afterStatus.endsWith(suffix) ? afterStatus.slice(0, -suffix.length) : afterStatus;
  return { error: { code: err.status, message, details } };
}

function headerRecord(headers: Headers | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  headers?.forEach((value, name) => {
    out[name] = value;
  });
  return out;
}

/**
 * fetch hides the reason two causes deep (TypeError 'fetch failed' → Error code ECONNREFUSED).
 * Duck-typed: errors thrown by Node's own fetch may come from another realm than this module.
 */
function networkReason(err: unknown): string {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code === 'ENOTFOUND' ? 'host not found (ENOTFOUND)' : code;
    current = cause;
  }
  const message = typeof err === 'object' && err !== null ? (err as { message?: unknown }).message : undefined;
  return typeof message === 'string' && message ? message.slice(0, 160) : 'unknown error';
}
