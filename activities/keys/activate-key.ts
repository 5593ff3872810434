import type { KeyStatus } from '../../lib/contracts';
import { auditStepKey } from '../audit/audit-step';
import type { ActivityDeps } from '../deps';

export interface ActivatedKey {
  /** `active`, unless a retry finds that a later change has since retired, revoked or contained the key. */
  status: KeyStatus;
  replacedKeyId: string | null;
  revokeAfter: string | null;
}

/** Makes the key active and the previous one retiring, in one transaction (see the repository). */
export function createActivateKey(d: Pick<ActivityDeps, 'keys' | 'audit' | 'clock'>) {
  return async function activateKey(input: { keyId: string; graceMs: number; actorSlackId: string }): Promise<ActivatedKey> {
    const { activated, previous } = await d.keys.activate(input.keyId, { now: d.clock(), graceMs: input.graceMs });
    await d.audit.append({
      ...auditStepKey(),
      actor: input.actorSlackId,
      action: 'key.activated',
      target: activated.id,
      outcome: 'succeeded',
      requestId: activated.requestId,
      details: {
        provider: activated.provider,
        environment: activated.environment,
        fingerprint: activated.fingerprint,
        replacedKeyId: previous?.id ?? null,
        previousRevokeAfter: previous?.revokeAfter?.toISOString() ?? null,
      },
    });
    return { status: activated.status, replacedKeyId: previous?.id ?? null, revokeAfter: previous?.revokeAfter?.toISOString() ?? null };
  };
}
