import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Provider } from '../../lib/contracts/providers';
import type { ProviderEndpoints } from '../../lib/providers';
import { anthropicAnswers, anthropicMissingVersion } from './providers/anthropic-answers';
import type { FakeAnswer, OutageStatus, ProviderAnswers } from './providers/fake-answer';
import { geminiAnswers } from './providers/gemini-answers';
import { FakeGeminiFiles, type FakeFileProcessing } from './providers/gemini-files';
import { answerMedia, mediaPartOf } from './providers/gemini-media-answers';
import { openAIAnswers, openAICompatibleAnswers } from './providers/openai-answers';

export type FakeKeyBehaviour =
  | { kind: 'valid' }
  /** Each provider's real invalid-key answer (OpenAI 401 invalid_api_key, Anthropic 401, Gemini 400 API_KEY_INVALID). */
  | { kind: 'invalid' }
  /** OpenAI 429 insufficient_quota, Anthropic 429 enforced_spend_limit_reached, Gemini 429 PerDay QuotaFailure. */
  | { kind: 'quota_exhausted' }
  | { kind: 'rate_limited'; retryAfterSeconds?: number }
  /** The first `failures` calls with this key get the provider's rate-limit 429 (with its retry hint), later ones a valid answer. */
  | { kind: 'rate_limited_then_valid'; failures: number; retryAfterSeconds?: number }
  /** The provider's real 5xx body; by default OpenAI 500, Anthropic 529 overloaded_error, Gemini 503. */
  | { kind: 'outage'; status?: OutageStatus }
  /** The first `failures` calls with this key get an outage, later ones a valid answer. */
  | { kind: 'outage_then_valid'; failures: number }
  /** Lists models (free) but chat calls get the quota-exhausted answer: a key out of credit, as real APIs behave. */
  | { kind: 'chat_quota_exhausted' }
  /** Valid, after `delayMs`. */
  | { kind: 'slow'; delayMs: number };

/**
 * How the fake's call log names a key: a plain hash, so tests can ask which key was sent without the log
 * holding it. Unrelated to Warden's own (keyed) fingerprints, which the fake cannot compute.
 */
export function callFingerprint(apiKey: string): string {
  return 'call_' + createHash('sha256').update(apiKey, 'utf8').digest('hex').slice(0, 16);
}

export interface FakeProviderCall {
  provider: Provider;
  method: string;
  /** Path under the provider's base, without the query string (Gemini's ?key= would be a secret). */
  path: string;
  at: number;
  /** callFingerprint() of the key presented, or 'none'. The log never holds a raw key. */
  apiKeyFingerprint: string;
  /** The model a chat call named. */
  model?: string;
}

export interface FakeProviderServer {
  endpoints: ProviderEndpoints;
  openaiCompatibleBaseUrl: string;
  /** Unknown keys answer as invalid, like the real services. */
  setKey(apiKey: string, behaviour: FakeKeyBehaviour): void;
  calls: FakeProviderCall[];
  callCount(apiKey: string): number;
  /** Gemini's uploaded files (Files API), by id. */
  geminiFiles: FakeGeminiFiles['files'];
  /** How the next Gemini uploads process: PROCESSING for `polls` files.get calls, then ACTIVE or FAILED. */
  setGeminiFileProcessing(processing: FakeFileProcessing): void;
  /** Bytes one key's project may keep in the Files API (FileStorageBytesPerProject; 20 GiB unless lowered). */
  setGeminiFileStorageLimit(bytes: number): void;
  /** The most requests each provider had in flight at once since the start (or the last reset). */
  maxInFlight(): Partial<Record<Provider, number>>;
  resetMaxInFlight(): void;
  close(): Promise<void>;
}

export interface FakeProviderServerOptions {
  /** Every answer waits this long, as a real API takes time; in-flight counts only mean something with it. */
  latencyMs?: number;
  /** What a key nobody set gets (by default the invalid-key answer, like the real services). */
  defaultBehaviour?: FakeKeyBehaviour;
  /** Keep no call log (a benchmark's tens of thousands of calls). */
  noCallLog?: boolean;
}

const DEFAULT_RETRY_AFTER_SECONDS = 20;

// One listener; each provider lives under its own path prefix, standing in for its own host.
const PREFIXES: Record<string, Provider> = { openai: 'openai', compat: 'openai_compatible', anthropic: 'anthropic', gemini: 'gemini' };

/** A local HTTP server that answers like OpenAI, Anthropic, Gemini and an OpenAI-compatible host. */
export async function startFakeProviderServer(opts: FakeProviderServerOptions = {}): Promise<FakeProviderServer> {
  const behaviours = new Map<string, FakeKeyBehaviour>();
  const calls: FakeProviderCall[] = [];
  const inFlight = new Map<Provider, number>();
  const maxInFlight = new Map<Provider, number>();
  const callsPerKey = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  let origin = '';
  const geminiFiles = new FakeGeminiFiles(() => `${origin}/gemini`);
  const answers: Record<Provider, ProviderAnswers> = {
    openai: openAIAnswers(),
    openai_compatible: openAICompatibleAnswers(),
    anthropic: anthropicAnswers(),
    gemini: geminiAnswers(),
  };

  const server = createServer((req, res) => {
    // Counted from the request's arrival to its answer, per provider (by path prefix).
    const provider = PREFIXES[new URL(req.url ?? '/', 'http://fake').pathname.split('/')[1] ?? ''];
    if (provider) {
      const now = (inFlight.get(provider) ?? 0) + 1;
      inFlight.set(provider, now);
      maxInFlight.set(provider, Math.max(maxInFlight.get(provider) ?? 0, now));
      res.once('close', () => inFlight.set(provider, (inFlight.get(provider) ?? 1) - 1));
    }
    const answer = () => handle(req, res).catch((err: unknown) => send(res, { status: 500, body: { error: { message: String(err) } } }));
    if (!opts.latencyMs) return void answer();
    const timer = setTimeout(() => {
      timers.delete(timer);
      void answer();
    }, opts.latencyMs);
    timers.add(timer);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://fake');
    const [, prefix = '', ...rest] = url.pathname.split('/');
    const provider = PREFIXES[prefix];
    if (!provider) return send(res, { status: 404, body: { error: 'no fake provider under this path' } });

    const path = `/${rest.join('/')}`;
    const method = req.method ?? 'GET';
    const provided = apiKeyFrom(provider, req, url);
    const route = matchRoute(provider, method, path);
    const model = route?.kind === 'chat' ? (route.model ?? modelFrom(rawBody.toString('utf8'))) : undefined;
    if (!opts.noCallLog) calls.push({ provider, method, path, at: Date.now(), apiKeyFingerprint: provided ? callFingerprint(provided) : 'none', ...(model ? { model } : {}) });
    if (provided) callsPerKey.set(provided, (callsPerKey.get(provided) ?? 0) + 1);

    const api = answers[provider];
    if (!route) return send(res, api.unknownRoute(method, path));
    if (provider === 'anthropic' && !req.headers['anthropic-version']) return send(res, anthropicMissingVersion());
    if (!provided) return send(res, api.missingKey());

    const behaviour = behaviours.get(provided) ?? opts.defaultBehaviour ?? { kind: 'invalid' };
    const keyFingerprint = callFingerprint(provided);
    const success = (): FakeAnswer => {
      switch (route.kind) {
        case 'list':
          return api.listModels(url.searchParams);
        case 'upload':
          return geminiFiles.upload(rawBody, String(req.headers['content-type'] ?? ''), header(req, 'x-goog-upload-protocol'), keyFingerprint);
        case 'file_get':
          return geminiFiles.get(route.id, keyFingerprint);
        case 'file_delete':
          return geminiFiles.remove(route.id, keyFingerprint);
        case 'file_list':
          return geminiFiles.list(keyFingerprint);
        case 'chat': {
          const media = provider === 'gemini' ? mediaPartOf(rawBody) : null;
          const chat = api.chat(model ?? '');
          if (!chat) return api.unknownModel(model ?? '');
          return media ? answerMedia(model ?? '', rawBody, media, geminiFiles, keyFingerprint) : chat;
        }
      }
    };
    switch (behaviour.kind) {
      case 'valid':
        return send(res, success());
      case 'invalid':
        return send(res, api.invalidKey(provided));
      case 'quota_exhausted':
        return send(res, api.quotaExhausted());
      case 'rate_limited':
        return send(res, api.rateLimited(behaviour.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS));
      case 'outage':
        return send(res, api.outage(behaviour.status));
      case 'chat_quota_exhausted':
        return send(res, route.kind === 'list' ? success() : api.quotaExhausted());
      case 'rate_limited_then_valid':
        return send(res, (callsPerKey.get(provided) ?? 0) <= behaviour.failures ? api.rateLimited(behaviour.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS) : success());
      case 'outage_then_valid':
        return send(res, callCount(provided) <= behaviour.failures ? api.outage() : success());
      case 'slow': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed) send(res, success());
        }, behaviour.delayMs);
        timers.add(timer);
        return;
      }
    }
  }

  function callCount(apiKey: string): number {
    const fingerprint = callFingerprint(apiKey);
    return calls.filter((c) => c.apiKeyFingerprint === fingerprint).length;
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    endpoints: { openai: `${origin}/openai/v1`, anthropic: `${origin}/anthropic`, gemini: `${origin}/gemini` } satisfies ProviderEndpoints,
    openaiCompatibleBaseUrl: `${origin}/compat/v1`,
    setKey: (apiKey, behaviour) => void behaviours.set(apiKey, behaviour),
    calls,
    callCount,
    geminiFiles: geminiFiles.files,
    setGeminiFileProcessing: (processing) => {
      geminiFiles.processing = processing;
    },
    setGeminiFileStorageLimit: (bytes) => {
      geminiFiles.storageLimitBytes = bytes;
    },
    maxInFlight: () => Object.fromEntries(maxInFlight),
    resetMaxInFlight: () => maxInFlight.clear(),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

type Route =
  | { kind: 'list' }
  | { kind: 'chat'; model?: string }
  | { kind: 'upload' }
  | { kind: 'file_get' | 'file_delete'; id: string }
  | { kind: 'file_list' };

function matchRoute(provider: Provider, method: string, path: string): Route | undefined {
  if (method === 'GET' && path === (provider === 'gemini' ? '/v1beta/models' : '/v1/models')) return { kind: 'list' };
  if (provider === 'gemini') {
    // The Files API (upload under /upload, the rest under /v1beta/files).
    if (method === 'POST' && path === '/upload/v1beta/files') return { kind: 'upload' };
    if (method === 'GET' && path === '/v1beta/files') return { kind: 'file_list' };
    const file = /^\/v1beta\/files\/([^/]+)$/.exec(path)?.[1];
    if (file && method === 'GET') return { kind: 'file_get', id: decodeURIComponent(file) };
    if (file && method === 'DELETE') return { kind: 'file_delete', id: decodeURIComponent(file) };
  }
  if (method !== 'POST') return undefined;
  if ((provider === 'openai' || provider === 'openai_compatible') && path === '/v1/chat/completions') return { kind: 'chat' };
  if (provider === 'anthropic' && path === '/v1/messages') return { kind: 'chat' };
  const gemini = provider === 'gemini' ? /^\/v1beta\/models\/([^/:]+):generateContent$/.exec(path) : null;
  return gemini?.[1] ? { kind: 'chat', model: decodeURIComponent(gemini[1]) } : undefined;
}

/**
 * Each provider's own auth header: Bearer for OpenAI-style APIs; x-goog-api-key or ?key= for
 * Gemini; x-api-key or, since API version 2026-10-21 (the one Anthropic SDK 1.x sends), Bearer.
 */
function apiKeyFrom(provider: Provider, req: IncomingMessage, url: URL): string | undefined {
  const header = (name: string) => {
    const value = req.headers[name];
    return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
  };
  const bearer = /^Bearer\s+(.+)$/i.exec(header('authorization') ?? '')?.[1];
  if (provider === 'anthropic') return header('x-api-key') ?? bearer;
  if (provider === 'gemini') return header('x-goog-api-key') ?? (url.searchParams.get('key') || undefined);
  return bearer;
}

function modelFrom(rawBody: string): string | undefined {
  try {
    const model = (JSON.parse(rawBody) as { model?: unknown }).model;
    return typeof model === 'string' ? model : undefined;
  } catch {
    return undefined;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

// Bytes, not text: Files API uploads are binary.
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, answer: FakeAnswer): void {
  const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
  res.end(text);
}
