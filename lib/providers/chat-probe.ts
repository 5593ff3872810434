import type { HealthVerdict, Provider } from '../contracts/providers';
import { PROVIDER_LABELS } from '../contracts/providers';
import { redactSecrets } from '../log/redact';
import { createGuardedFetch, type GuardedFetch } from '../net';
import type { KeyCheckTarget } from './check-key';
import { classifyThrownError } from './classify-thrown';
import { inert, providerSubject } from './error-context';
import {
  SDK_TIMEOUT_BACKSTOP_MS,
  createAnthropicClient,
  createGeminiModel,
  createOpenAIClient,
  providerRoute,
  type ClientOptions,
  type ProviderEndpoints,
} from './clients';

export interface ChatProbeResult {
  ok: boolean;
  verdict: HealthVerdict;
  detail: string;
  replyText?: string;
  model: string;
  latencyMs: number;
}

export interface ChatProbe {
  send(target: KeyCheckTarget): Promise<ChatProbeResult>;
}

export interface ChatProbeOptions {
  endpoints: ProviderEndpoints;
  timeoutMs: number;
  /** Overrides the cheapest-model defaults, e.g. the model an OpenAI-compatible provider serves. */
  models?: Partial<Record<Provider, string>>;
  /** fetch for person-given base URLs; by default a guarded fetch with no private host allowed. */
  personUrlFetch?: GuardedFetch;
  now?: () => number;
}

/**
 * The cheapest chat model each provider still serves (checked November 2026). Claude Haiku 3.5
 * was retired on 2026-02-19 and Gemini 2.0 Flash-Lite shut down on 2026-06-01: a probe on a
 * retired model answers 404 and would blame every key. gpt-4o-mini shuts down on 2027-01-14.
 */
export const DEFAULT_PROBE_MODELS: Readonly<Record<Provider, string>> = Object.freeze({
  openai: 'gpt-4o-mini',
  anthropic: 'claude-haiku-4-5',
  gemini: 'gemini-3.1-flash-lite',
  openai_compatible: 'gpt-4o-mini',
});

export const PROBE_PROMPT = 'Reply with the single word: ok';
// A few tokens prove the key can generate and cost next to nothing.
const PROBE_MAX_TOKENS = 5;
const MAX_REPLY_CHARS = 200;

/**
 * One tiny chat message with the key: the on-call runbook's "verify by one test chat" step, and
 * the tie-breaker when listing models is ambiguous (a scoped Anthropic key may get 403 on
 * /v1/models yet chat fine). Costs a few tokens, so the key check itself never uses it.
 */
export function createChatProbe({ endpoints, timeoutMs, models = {}, personUrlFetch = createGuardedFetch(), now = Date.now }: ChatProbeOptions): ChatProbe {
  return {
    async send(target) {
      const model = models[target.provider] ?? DEFAULT_PROBE_MODELS[target.provider];
      const label = providerSubject(target.provider);
      const started = now();
      let host = '';
      const elapsed = () => Math.max(0, Math.round(now() - started));
      if (!target.apiKey.trim()) {
        return { ok: false, verdict: 'configuration_error', detail: `No ${PROVIDER_LABELS[target.provider]} API key was given to test.`, model, latencyMs: elapsed() };
      }
      const deadline = AbortSignal.timeout(timeoutMs);
      try {
        const route = providerRoute(target, endpoints, personUrlFetch);
        host = new URL(route.baseUrl).host;
        const client = { apiKey: target.apiKey, ...route, timeoutMs: timeoutMs + SDK_TIMEOUT_BACKSTOP_MS };
        const reply = (await chat(target, client, model, deadline)).trim();
        const replyText = inert(redactSecrets(reply.slice(0, MAX_REPLY_CHARS)));
        return {
          ok: true,
          verdict: 'valid',
          detail: `${label} answered the test message with ${model}${replyText ? `: "${replyText}"` : ' (empty reply)'}.`,
          replyText,
          model,
          latencyMs: elapsed(),
        };
      } catch (err) {
        const { verdict, detail } = classifyThrownError(target.provider, err, { host, timeoutMs, timedOut: deadline.aborted });
        return { ok: false, verdict, detail, model, latencyMs: elapsed() };
      }
    },
  };
}

async function chat(
  target: KeyCheckTarget,
  client: ClientOptions,
  model: string,
  signal: AbortSignal,
): Promise<string> {
  switch (target.provider) {
    case 'anthropic': {
      const message = await createAnthropicClient(client).messages.create(
        { model, max_tokens: PROBE_MAX_TOKENS, messages: [{ role: 'user', content: PROBE_PROMPT }] },
        { signal },
      );
      return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
    }
    case 'gemini': {
      const generative = createGeminiModel(client, { model, generationConfig: { maxOutputTokens: PROBE_MAX_TOKENS } });
      const result = await generative.generateContent(PROBE_PROMPT, { signal });
      // Read the parts directly: response.text() throws when a safety filter blocked the reply,
      // and a blocked reply still proves the key works.
      const parts = result.response.candidates?.[0]?.content?.parts ?? [];
      return parts.map((part) => part.text ?? '').join('');
    }
    default: {
      const completion = await createOpenAIClient(client).chat.completions.create(
        {
          model,
          messages: [{ role: 'user', content: PROBE_PROMPT }],
          // OpenAI's reasoning models accept only max_completion_tokens; many compatible servers
          // know only the older max_tokens.
          ...(target.provider === 'openai' ? { max_completion_tokens: PROBE_MAX_TOKENS } : { max_tokens: PROBE_MAX_TOKENS }),
        },
        { signal },
      );
      return completion.choices[0]?.message?.content ?? '';
    }
  }
}
