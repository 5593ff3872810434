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
  memberNotFound: 'warden_member_not_found',
  grantNotFound: 'warden_grant_not_found',
  breakGlassActive: 'warden_break_glass_active',
  reviewNotFound: 'warden_review_not_found',
  actorUnproven: 'warden_actor_unproven',
  workflowClosed: 'warden_workflow_closed',
  /** A person-given URL that would reach a private, loopback or metadata address, or redirects. */
  urlRefused: 'warden_url_refused',
  keyAlreadyAdded: 'warden_key_already_added',
  keySecretMismatch: 'warden_key_secret_mismatch',
  keyFingerprintOutdated: 'warden_key_fingerprint_outdated',
  rateLimited: 'warden_rate_limited',
  // Data rights (issue 10).
  payloadTooLarge: 'warden_payload_too_large',
  unsupportedMediaType: 'warden_unsupported_media_type',
  /** An API key used outside its scopes (403); the message names the scope it lacks. */
  scopeMissing: 'warden_scope_missing',
  agentNotFound: 'warden_agent_not_found',
  apiKeyNotFound: 'warden_api_key_not_found',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/**
 * Codes for which retrying cannot help: activities raise them as non-retryable failures, and
 * workflow retry policies list them too, so the rule holds even for a plain error of those types.
 */
export const PERMANENT_ERROR_CODES: readonly ErrorCode[] = [
  ERROR_CODES.roleNotHeld,
  ERROR_CODES.invalidInput,
  ERROR_CODES.keyInvalid,
  ERROR_CODES.keyQuotaExhausted,
  ERROR_CODES.providerPermission,
  ERROR_CODES.providerConfiguration,
  ERROR_CODES.keyNotFound,
  ERROR_CODES.sealedSecretMissing,
  ERROR_CODES.sealedSecretUnreadable,
  ERROR_CODES.memberNotFound,
  ERROR_CODES.grantNotFound,
  ERROR_CODES.breakGlassActive,
  ERROR_CODES.reviewNotFound,
  ERROR_CODES.actorUnproven,
  ERROR_CODES.urlRefused,
  ERROR_CODES.keyAlreadyAdded,
  ERROR_CODES.keySecretMismatch,
  ERROR_CODES.keyFingerprintOutdated,
  ERROR_CODES.scopeMissing,
  ERROR_CODES.agentNotFound,
  ERROR_CODES.apiKeyNotFound,
];
