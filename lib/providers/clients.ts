import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenerativeAI, type GenerativeModel, type ModelParams } from '@google/generative-ai';
import OpenAI from 'openai';
import { ERROR_CODES, WardenError } from '../errors';
import type { GuardedFetch } from '../net';
import type { KeyCheckTarget } from './check-key';

/** Base URLs of the provider APIs; tests point them at the fake provider server. */
export interface ProviderEndpoints {
  /** Ends with /v1, as the OpenAI SDK expects. */
  openai: string;
  /** Without /v1: the Anthropic SDK appends it. */
  anthropic: string;
  /** The host only: the Gemini SDK and our list call append /v1beta. */
  gemini: string;
}

export const DEFAULT_PROVIDER_ENDPOINTS: Readonly<ProviderEndpoints> = Object.freeze({
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com',
  gemini: 'https://generativelanguage.googleapis.com',
});

/**
 * Callers enforce their own deadline with an AbortSignal; the SDK timeout is set this much later
 * so it only backstops, and the deadline (reported the same way for every provider) wins the race.
 */
export const SDK_TIMEOUT_BACKSTOP_MS = 1_000;

export interface ClientOptions {
  apiKey: string;
  baseUrl: string;
  timeoutMs: number;
  /** Set for a base URL a person gave: the guarded fetch, which refuses private and loopback addresses. */
  fetch?: GuardedFetch;
}

/**
 * OpenAI SDK client for OpenAI or any OpenAI-compatible API. `maxRetries: 0` because Temporal
 * owns retries (with the verdict deciding whether to retry at all). Organization, project and
 * admin key are pinned to null so OPENAI_ORG_ID & co. in Warden's own environment never reach a
 * customer's key: a stray OpenAI-Organization header turns a good key into mismatched_organization.
 */
export function createOpenAIClient({ apiKey, baseUrl, timeoutMs, fetch }: ClientOptions): OpenAI {
  return new OpenAI({
    apiKey,
    baseURL: baseUrl,
    timeout: timeoutMs,
    maxRetries: 0,
    organization: null,
    project: null,
    adminAPIKey: null,
    webhookSecret: null,
    ...(fetch ? { fetch } : {}),
  });
}

/**
 * Anthropic SDK client. Passing `apiKey` makes it the only credential, so the SDK reads no
 * ANTHROPIC_* credential or profile from Warden's environment. SDK 1.x speaks API version
 * 2026-10-21: it sends the key as `Authorization: Bearer` (not x-api-key) with
 * `anthropic-version: 2026-10-21`; a proxy in front of Anthropic must pass that header through.
 */
export function createAnthropicClient({ apiKey, baseUrl, timeoutMs }: ClientOptions): Anthropic {
  return new Anthropic({ apiKey, baseURL: baseUrl, timeout: timeoutMs, maxRetries: 0 });
}

/**
 * Gemini model handle. The SDK does not retry. Its `timeout` option starts a timer it never
 * clears, so callers pass an AbortSignal per request instead.
 */
export function createGeminiModel({ apiKey, baseUrl }: Omit<ClientOptions, 'timeoutMs'>, params: ModelParams): GenerativeModel {
  return new GoogleGenerativeAI(apiKey).getGenerativeModel(params, { baseUrl });
}

/**
 * Where a target's key is sent. OpenAI, Anthropic and Gemini keys always go to the configured
 * endpoints, whatever base URL came with them, so "valid" means that provider itself accepted
 * the key; only an OpenAI-compatible key brings its own. Throws a configuration WardenError
 * when that base URL is missing or malformed.
 */
export function providerBaseUrl(target: KeyCheckTarget, endpoints: ProviderEndpoints): string {
  if (target.provider !== 'openai_compatible') return endpoints[target.provider];
  const baseUrl = target.baseUrl?.trim();
  if (!baseUrl) {
    throw new WardenError(ERROR_CODES.providerConfiguration, 'An OpenAI-compatible key needs the base URL of its API (e.g. https://api.groq.com/openai/v1).');
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new WardenError(ERROR_CODES.providerConfiguration, 'The base URL of this OpenAI-compatible key is not a valid URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new WardenError(ERROR_CODES.providerConfiguration, 'The base URL of this OpenAI-compatible key must be an http(s) URL.');
  }
  return baseUrl.replace(/\/+$/, '');
}

/**
 * Where a target's key goes and through which fetch. The configured endpoints (OPENAI_BASE_URL
 * & co.) are the operator's and use the SDKs' own fetch; a base URL a person gave in the key modal
 * goes only through the guarded fetch, on every call: add, health sweep and test chat alike.
 */
export function providerRoute(target: KeyCheckTarget, endpoints: ProviderEndpoints, personUrlFetch: GuardedFetch): { baseUrl: string; fetch?: GuardedFetch } {
  const baseUrl = providerBaseUrl(target, endpoints);
  return target.provider === 'openai_compatible' ? { baseUrl, fetch: personUrlFetch } : { baseUrl };
}
