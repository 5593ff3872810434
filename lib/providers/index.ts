export { classifyProviderError, type ProviderErrorClassification } from './classify-response';
export { classifyThrownError } from './classify-thrown';
export {
  DEFAULT_PROVIDER_ENDPOINTS,
  createAnthropicClient,
  createGeminiModel,
  createOpenAIClient,
  type ProviderEndpoints,
} from './clients';
export { createProviderKeyChecker, type KeyCheckTarget, type ProviderKeyChecker, type ProviderKeyCheckerOptions } from './check-key';
export { createChatProbe, DEFAULT_PROBE_MODELS, PROBE_PROMPT, type ChatProbe, type ChatProbeOptions, type ChatProbeResult } from './chat-probe';
