import { PROBE_REPLY, base58ish, type FakeAnswer, type OutageStatus, type ProviderAnswers } from './fake-answer';

const GENERATE = ['generateContent', 'countTokens', 'createCachedContent', 'batchGenerateContent'];

// Gemini 2.0 models shut down on 2026-06-01 and are gone from the list (404 on generateContent).
const MODELS = [
  { name: 'models/gemini-3.1-flash-lite', version: '3.1', displayName: 'Gemini 3.1 Flash-Lite', methods: GENERATE, thinking: true },
  { name: 'models/gemini-3-flash-preview', version: '3-flash-preview', displayName: 'Gemini 3 Flash Preview', methods: GENERATE, thinking: true },
  { name: 'models/gemini-3.1-pro-preview', version: '3.1-pro-preview', displayName: 'Gemini 3.1 Pro Preview', methods: GENERATE, thinking: true },
  { name: 'models/gemini-embedding-001', version: '001', displayName: 'Gemini Embedding 001', methods: ['embedContent'], thinking: false },
];

const SERVICE = 'generativelanguage.googleapis.com';
const HELP = {
  '@type': 'type.googleapis.com/google.rpc.Help',
  links: [{ description: 'Learn more about Gemini API quotas', url: 'https://ai.google.dev/gemini-api/docs/rate-limits' }],
};
const QUOTA_MESSAGE =
  'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.';

export function geminiAnswers(): ProviderAnswers {
  const headers = () => ({
    'content-type': 'application/json; charset=UTF-8',
    vary: 'Origin, X-Origin, Referer',
    'server-timing': `gfet4t7; dur=${40 + Math.floor(Math.random() * 200)}`,
    'x-content-type-options': 'nosniff',
  });
  // google.rpc.Status; `code` is a number here, unlike OpenAI's string codes. Gemini sends no Retry-After.
  const status = (code: number, rpcStatus: string, message: string, details?: object[]): FakeAnswer => ({
    status: code,
    headers: headers(),
    body: { error: { code, message, status: rpcStatus, ...(details ? { details } : {}) } },
  });
  const quotaViolation = (quotaId: string, model: string) => ({
    quotaMetric: `${SERVICE}/generate_content_free_tier_requests`,
    quotaId,
    quotaDimensions: { location: 'global', model },
  });

  return {
    listModels: () => ({
      status: 200,
      headers: headers(),
      body: {
        models: MODELS.map((m) => ({
          name: m.name,
          version: m.version,
          displayName: m.displayName,
          inputTokenLimit: 1048576,
          outputTokenLimit: m.methods === GENERATE ? 65536 : 1,
          supportedGenerationMethods: m.methods,
          ...(m.methods === GENERATE ? { temperature: 1, topP: 0.95, topK: 64, maxTemperature: 2 } : {}),
          ...(m.thinking ? { thinking: true } : {}),
        })),
      },
    }),
    chat: (model) => {
      const known = MODELS.find((m) => m.name === `models/${model}` && m.methods.includes('generateContent'));
      if (!known) return undefined;
      return {
        status: 200,
        headers: headers(),
        body: {
          candidates: [{ content: { parts: [{ text: PROBE_REPLY }], role: 'model' }, finishReason: 'STOP', index: 0 }],
          usageMetadata: { promptTokenCount: 8, candidatesTokenCount: 1, totalTokenCount: 9, promptTokensDetails: [{ modality: 'TEXT', tokenCount: 8 }] },
          modelVersion: model,
          responseId: base58ish(23),
        },
      };
    },
    unknownModel: (model) =>
      status(
        404,
        'NOT_FOUND',
        `models/${model} is not found for API version v1beta, or is not supported for generateContent. Call ModelService.ListModels to see the list of available models and their supported methods.`,
      ),
    missingKey: () =>
      status(
        403,
        'PERMISSION_DENIED',
        "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
      ),
    // A bad key is 400 INVALID_ARGUMENT, not 401: only the ErrorInfo reason says it is the key.
    invalidKey: () =>
      status(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: SERVICE } },
        { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message: 'API key not valid. Please pass a valid API key.' },
      ]),
    // The daily cap, with the short RetryInfo that comes from the per-minute violation beside it.
    quotaExhausted: () =>
      status(429, 'RESOURCE_EXHAUSTED', QUOTA_MESSAGE, [
        {
          '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
          violations: [
            quotaViolation('GenerateRequestsPerMinutePerProjectPerModel-FreeTier', 'gemini-3.1-flash-lite'),
            quotaViolation('GenerateRequestsPerDayPerProjectPerModel-FreeTier', 'gemini-3.1-flash-lite'),
          ],
        },
        HELP,
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '13s' },
      ]),
    rateLimited: (seconds) =>
      status(429, 'RESOURCE_EXHAUSTED', QUOTA_MESSAGE, [
        {
          '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
          violations: [{ ...quotaViolation('GenerateRequestsPerMinutePerProjectPerModel-FreeTier', 'gemini-3.1-flash-lite'), quotaValue: '30' }],
        },
        HELP,
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${seconds}s` },
      ]),
    outage: (code: OutageStatus = 503) =>
      code === 500
        ? status(500, 'INTERNAL', 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting')
        : status(code, 'UNAVAILABLE', 'The model is overloaded. Please try again later.'),
    // Google's front end answers an unknown path with an HTML page, not a google.rpc.Status.
    unknownRoute: (_method, path) => ({
      status: 404,
      headers: { 'content-type': 'text/html; charset=UTF-8' },
      body: `<!DOCTYPE html>\n<html lang=en><meta charset=utf-8><title>Error 404 (Not Found)!!1</title><p><b>404.</b> <ins>That's an error.</ins><p>The requested URL <code>${path}</code> was not found on this server. <ins>That's all we know.</ins>`,
    }),
  };
}
