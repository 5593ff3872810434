import { PROVIDER_LABELS, type KeyEnvironment, type Provider } from '../../lib/contracts';
import { ERROR_CODES, WardenError } from '../../lib/errors';
import { auditStepKey } from '../audit/audit-step';
import type { KeyActivityDeps } from './deps';

export interface RevokedKey {
  keyId: string;
  maskedKey: string;
  fingerprint: string;
}

/** Ends a retiring key's grace period. Safe to repeat: an already revoked key stays revoked. */
export function createRevokeRetiringKey(d: Pick<KeyActivityDeps, 'keys' | 'audit' | 'clock'>) {
  return async function revokeRetiringKey(input: { keyId: string }): Promise<RevokedKey> {
    const key = await d.keys.revokeRetiring(input.keyId, d.clock());
    await d.audit.append({
      ...auditStepKey(),
      actor: 'warden',
      action: 'key.revoked',
      target: key.id,
      outcome: key.status === 'revoked' ? 'succeeded' : 'skipped',
      details: { provider: key.provider, environment: key.environment, fingerprint: key.fingerprint, reason: 'grace period ended', status: key.status },
    });
    return { keyId: key.id, maskedKey: key.maskedKey, fingerprint: key.fingerprint };
  };
}

export function createRevokeActiveKey(d: Pick<KeyActivityDeps, 'keys' | 'audit' | 'clock'>) {
  return async function revokeActiveKey(input: {
    provider: Provider;
    environment: KeyEnvironment;
    actorSlackId: string;
    requestId: string;
  }): Promise<RevokedKey> {
    const key = await d.keys.findActive(input.provider, input.environment);
    if (!key) {
      throw new WardenError(ERROR_CODES.keyNotFound, `There is no active ${PROVIDER_LABELS[input.provider]} ${input.environment} key to revoke.`);
    }
    const revoked = await d.keys.revoke(key.id, d.clock());
    await d.audit.append({
      ...auditStepKey(),
      actor: input.actorSlackId,
      action: 'key.revoked',
      target: revoked.id,
      outcome: 'succeeded',
      requestId: input.requestId,
      details: { provider: revoked.provider, environment: revoked.environment, fingerprint: revoked.fingerprint, reason: 'revoked by admin' },
    });
    return { keyId: revoked.id, maskedKey: revoked.maskedKey, fingerprint: revoked.fingerprint };
  };
}
