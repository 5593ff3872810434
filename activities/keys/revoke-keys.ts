import { PROVIDER_LABELS, SYSTEM_ACTOR, type ActorProof, type KeyEnvironment, type Provider } from '../../lib/contracts';
import { ERROR_CODES, WardenError } from '../../lib/errors';
import { auditStepKey } from '../audit/audit-step';
import type { ActivityDeps } from '../deps';
import { requireActor } from '../trust/require-actor';

export interface RevokedKey {
  keyId: string;
  maskedKey: string;
  fingerprint: string;
}

/** Ends a retiring key's grace period. Safe to repeat: an already revoked key stays revoked. */
export function createRevokeRetiringKey(d: Pick<ActivityDeps, 'keys' | 'audit' | 'clock' | 'actorAssertions'>) {
  return async function revokeRetiringKey(input: { keyId: string; proof: ActorProof }): Promise<RevokedKey> {
    await requireActor(d, { proof: input.proof, claimedActor: SYSTEM_ACTOR, target: input.keyId });
    const key = await d.keys.revokeRetiring(input.keyId, d.clock());
    await d.audit.append({
      ...auditStepKey(),
      actor: SYSTEM_ACTOR,
      action: 'key.revoked',
      target: key.id,
      outcome: key.status === 'revoked' ? 'succeeded' : 'skipped',
      details: { provider: key.provider, environment: key.environment, fingerprint: key.fingerprint, reason: 'grace period ended', status: key.status },
    });
    return { keyId: key.id, maskedKey: key.maskedKey, fingerprint: key.fingerprint };
  };
}

/**
 * Revokes the key the admin was shown, only while it is still the active key of its slot: a rotation between
 * the prompt and the click must not revoke the key that replaced it.
 */
export function createRevokeActiveKey(d: Pick<ActivityDeps, 'keys' | 'audit' | 'clock'>) {
  return async function revokeActiveKey(input: {
    keyId: string;
    provider: Provider;
    environment: KeyEnvironment;
    actorSlackId: string;
    requestId: string;
  }): Promise<RevokedKey> {
    const label = `${PROVIDER_LABELS[input.provider]} ${input.environment}`;
    const active = await d.keys.findActive(input.provider, input.environment);
    if (!active) throw new WardenError(ERROR_CODES.keyNotFound, `There is no active ${label} key to revoke any more.`);
    if (active.id !== input.keyId) {
      const shown = await d.keys.get(input.keyId);
      throw new WardenError(
        ERROR_CODES.keyNotFound,
        `The active ${label} key changed since you confirmed: you confirmed \`${shown?.maskedKey ?? 'an earlier key'}\`, the slot now holds \`${active.maskedKey}\` (${active.fingerprint}). Nothing was revoked; run \`/warden keys revoke ${input.provider} ${input.environment}\` again if that key should go.`,
      );
    }
    const revoked = await d.keys.revoke(active.id, d.clock());
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
