import { ERROR_CODES, WardenError } from '../../lib/errors';
import { openStoredKey, type StoredKeyRow } from '../../lib/keys/open-stored-key';
import type { ActivityDeps } from '../deps';

/** Decrypts a sealed key inside the activity that needs it; the plaintext goes no further. */
export async function readKeySecret(d: Pick<ActivityDeps, 'sealedSecrets' | 'sealer'>, sealedSecretId: string): Promise<string> {
  const envelope = await d.sealedSecrets.get(sealedSecretId);
  if (!envelope) {
    throw new WardenError(ERROR_CODES.sealedSecretMissing, `The sealed key ${sealedSecretId} is not in the vault; submit the key again.`);
  }
  return d.sealer.open(envelope, sealedSecretId);
}

/** Decrypts a stored key's secret for one use, refusing (and auditing) a key that is not its row's own. */
export function readStoredKey(d: Pick<ActivityDeps, 'sealedSecrets' | 'sealer' | 'fingerprints' | 'audit' | 'logger'>, key: StoredKeyRow, use: { actor: string; purpose: string }): Promise<string> {
  return openStoredKey(d, key, use);
}
