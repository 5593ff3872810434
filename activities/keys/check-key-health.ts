import { PROVIDER_LABELS, type HealthCheckResult, type HealthVerdict } from '../../lib/contracts';
import { ERROR_CODES, WardenError, type ErrorCode } from '../../lib/errors';
import type { ActivityDeps } from '../deps';
import { readStoredKey } from './read-key-secret';

const FAILURE_BY_VERDICT: Record<Exclude<HealthVerdict, 'valid'>, { code: ErrorCode; lead: string }> = {
  invalid_or_revoked: { code: ERROR_CODES.keyInvalid, lead: 'rejected the key as invalid or revoked' },
  quota_exhausted: { code: ERROR_CODES.keyQuotaExhausted, lead: 'accepted the key but its quota or credit is exhausted' },
  permission_or_billing: { code: ERROR_CODES.providerPermission, lead: 'refused the account (billing, permission or region)' },
  configuration_error: { code: ERROR_CODES.providerConfiguration, lead: 'could not be checked with this configuration' },
  rate_limited: { code: ERROR_CODES.providerRateLimited, lead: 'is rate-limiting the check; Warden will retry' },
  provider_outage: { code: ERROR_CODES.providerOutage, lead: 'is not answering properly (outage); Warden will retry' },
};

/**
 * Lists models with the key. Only `valid` returns; every other verdict throws a coded error, and the
 * activity wrapper decides retry: outages and rate limits retry with backoff, a bad key fails at once.
 */
export function createCheckKeyHealth(d: Pick<ActivityDeps, 'keys' | 'sealedSecrets' | 'sealer' | 'checker' | 'clock' | 'fingerprints' | 'audit' | 'logger'>) {
  return async function checkKeyHealth(input: { keyId: string }): Promise<HealthCheckResult> {
    const key = await d.keys.get(input.keyId);
    if (!key) throw new WardenError(ERROR_CODES.keyNotFound, `Key ${input.keyId} no longer exists.`);
    const apiKey = await readStoredKey(d, key, { actor: 'warden', purpose: 'health check' });
    const result = await d.checker.check({ provider: key.provider, apiKey, baseUrl: key.baseUrl ?? undefined });
    await d.keys.recordHealthCheck(key.id, { at: d.clock(), outcome: result.verdict, latencyMs: result.latencyMs });
    if (result.verdict === 'valid') return result;
    const failure = FAILURE_BY_VERDICT[result.verdict];
    throw new WardenError(failure.code, `${PROVIDER_LABELS[key.provider]} ${failure.lead}: ${result.detail}`, {
      verdict: result.verdict,
      retryAfterSeconds: result.retryAfterSeconds,
    });
  };
}
