import type { SecretSealer } from '../crypto';
import type { KekRef } from '../crypto/kms';
import type { SealedSecretRepository } from '../db';

/**
 * After a master key rotation: re-wraps every data key still wrapped by an old KEK version under the
 * current one. Only the small wrapped data keys change; the secrets' ciphertext is never decrypted.
 * Safe to stop and run again: each secret is re-wrapped in its own update.
 */
export async function rewrapSealedSecrets(d: {
  sealedSecrets: Pick<SealedSecretRepository, 'listIdsByKek' | 'get' | 'replaceWrapping'>;
  sealer: Pick<SecretSealer, 'rewrap'>;
  oldVersions: KekRef[];
  batchSize?: number;
}): Promise<{ rewrapped: number }> {
  let rewrapped = 0;
  for (const old of d.oldVersions) {
    for (;;) {
      const ids = await d.sealedSecrets.listIdsByKek(old.kekId, old.kekVersion, d.batchSize ?? 200);
      if (ids.length === 0) break;
      for (const id of ids) {
        const envelope = await d.sealedSecrets.get(id);
        if (!envelope) continue;
        await d.sealedSecrets.replaceWrapping(id, await d.sealer.rewrap(envelope));
        rewrapped += 1;
      }
    }
  }
  return { rewrapped };
}
