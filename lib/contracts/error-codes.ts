// Plain data (no imports) so workflow code can name failure types too.
// Stable error codes: the bot, the key API and workflow failures all speak these.
export const ERROR_CODES = {
  roleNotHeld: 'warden_role_not_held',
  invalidInput: 'warden_invalid_input',
  keyInvalid: 'warden_key_invalid',
  keyQuotaExhausted: 'warden_key_quota_exhausted',
  providerPermission: 'warden_provider_permission',
  providerConfiguration: 'warden_provider_configuration',
  providerOutage: 'warden_provider_outage',
  providerRateLimited: 'warden_provider_rate_limited',
  keyMissing: 'warden_key_missing',
  byokKeyMissing: 'warden_byok_key_missing',
  keyNotFound: 'warden_key_not_found',
  unauthorized: 'warden_unauthorized',
  slackApi: 'warden_slack_api',
  sealedSecretMissing: 'warden_sealed_secret_missing',
  sealedSecretUnreadable: 'warden_sealed_secret_unreadable',
  config: 'warden_config_invalid',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];
