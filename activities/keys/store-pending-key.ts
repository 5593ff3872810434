import type { AddProviderKeyInput } from '../../lib/contracts';
import { maskKey } from '../../lib/crypto';
import { refuseKeyAlreadyInPlay } from '../../lib/keys/refuse-duplicate-key';
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

export function createStorePendingKey(d: Pick<ActivityDeps, 'keys' | 'sealedSecrets' | 'sealer' | 'audit' | 'fingerprints'>) {
  return async function storePendingKey(input: StorePendingKeyInput): Promise<PendingKey> {
    const plaintext = await readKeySecret(d, input.keyRef);
    // The authority on adding a key twice: refused (and audited) before anything is stored, so nothing in the slot changes.
    await refuseKeyAlreadyInPlay(d, plaintext, { ...input, action: `key.${input.mode}.requested`, audit: auditStepKey() });
    const stamp = d.fingerprints.stamp(plaintext, { sealedSecretId: input.keyRef, provider: input.provider, environment: input.environment, baseUrl: input.baseUrl ?? null });
    const key = await d.keys.createPending({
      requestId: input.requestId,
      workflowId: currentWorkflowId(),
      provider: input.provider,
      environment: input.environment,
      baseUrl: input.baseUrl ?? null,
      ...stamp,
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
