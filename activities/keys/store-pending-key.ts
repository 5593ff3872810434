import type { AddProviderKeyInput } from '../../lib/contracts';
import { fingerprintKey, maskKey } from '../../lib/crypto';
import { auditStepKey, currentWorkflowId } from '../audit/audit-step';
import type { ActivityDeps } from '../deps';
import { readKeySecret } from './read-key-secret';

/** The workflow's own input minus its timings: the same request, stored. */
export type StorePendingKeyInput = Omit<AddProviderKeyInput, 'settings'>;

export interface PendingKey {
  keyId: string;
  maskedKey: string;
  fingerprint: string;
}

export function createStorePendingKey(d: Pick<ActivityDeps, 'keys' | 'sealedSecrets' | 'sealer' | 'audit'>) {
  return async function storePendingKey(input: StorePendingKeyInput): Promise<PendingKey> {
    const plaintext = await readKeySecret(d, input.keyRef);
    const key = await d.keys.createPending({
      requestId: input.requestId,
      workflowId: currentWorkflowId(),
      provider: input.provider,
      environment: input.environment,
      baseUrl: input.baseUrl ?? null,
      fingerprint: fingerprintKey(plaintext),
      maskedKey: maskKey(plaintext),
      sealedSecretId: input.keyRef,
      ownerTeam: input.ownerTeam ?? null,
      note: input.note ?? null,
      addedBySlackId: input.actorSlackId,
    });
    await d.audit.append({
      ...auditStepKey(),
      actor: input.actorSlackId,
      action: `key.${input.mode}.requested`,
      target: key.id,
      outcome: 'requested',
      requestId: input.requestId,
      details: { provider: key.provider, environment: key.environment, fingerprint: key.fingerprint, maskedKey: key.maskedKey },
    });
    return { keyId: key.id, maskedKey: key.maskedKey, fingerprint: key.fingerprint };
  };
}
