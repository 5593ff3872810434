// Plain data shared by the bot, workflows and activities. No imports: workflow code bundles this.

export const PROVIDERS = ['openai', 'anthropic', 'gemini', 'openai_compatible'] as const;
export type Provider = (typeof PROVIDERS)[number];

export const KEY_ENVIRONMENTS = ['production', 'staging'] as const;
export type KeyEnvironment = (typeof KEY_ENVIRONMENTS)[number];

export const KEY_STATUSES = ['pending', 'active', 'retiring', 'revoked', 'failed', 'compromised'] as const;
export type KeyStatus = (typeof KEY_STATUSES)[number];

export const PROVIDER_LABELS: Record<Provider, string> = {
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  gemini: 'Google Gemini',
  openai_compatible: 'OpenAI-compatible',
};

/**
 * What a provider's answer to a key check means for Warden (see the provider reference corpus):
 * only `valid` activates a key; `rate_limited` and `provider_outage` are transient and retried.
 */
export const HEALTH_VERDICTS = [
  'valid',
  'invalid_or_revoked',
  'quota_exhausted',
  'rate_limited',
  'provider_outage',
  'permission_or_billing',
  'configuration_error',
] as const;
export type HealthVerdict = (typeof HEALTH_VERDICTS)[number];

export interface HealthCheckResult {
  verdict: HealthVerdict;
  /** Human-readable, already redacted: safe for Slack, logs and workflow history. */
  detail: string;
  httpStatus?: number;
  retryAfterSeconds?: number;
  latencyMs: number;
}
