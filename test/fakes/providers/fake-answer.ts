import { randomBytes } from 'node:crypto';

/** One HTTP answer of the fake provider server. A string body is sent as-is (HTML 404s). */
export interface FakeAnswer {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

export type OutageStatus = 500 | 503 | 529;

/** What each fake provider answers, in the real API's shapes (see the provider reference corpus). */
export interface ProviderAnswers {
  listModels(query: URLSearchParams): FakeAnswer;
  /** The model id as the request named it; undefined when the provider does not serve it. */
  chat(model: string): FakeAnswer | undefined;
  unknownModel(model: string): FakeAnswer;
  missingKey(): FakeAnswer;
  invalidKey(apiKey: string): FakeAnswer;
  quotaExhausted(): FakeAnswer;
  rateLimited(retryAfterSeconds: number): FakeAnswer;
  outage(status?: OutageStatus): FakeAnswer;
  unknownRoute(method: string, path: string): FakeAnswer;
}

export const PROBE_REPLY = 'ok';

export function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** Request ids in the providers' own formats, so header parsing meets realistic values. */
export function base58ish(length: number): string {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  return Array.from(randomBytes(length), (b) => alphabet[b % alphabet.length]).join('');
}

/**
 * How OpenAI shows a wrong key in its own error message: the public prefix, stars, last four.
 * The fake never echoes a full key back.
 */
export function openAIMaskedKey(apiKey: string): string {
  if (apiKey.length < 12) return '*'.repeat(apiKey.length);
  const prefix = /^sk-(proj-|svcacct-|admin-)?/.exec(apiKey)?.[0] ?? '';
  return `${prefix}${'*'.repeat(apiKey.length - prefix.length - 4)}${apiKey.slice(-4)}`;
}
