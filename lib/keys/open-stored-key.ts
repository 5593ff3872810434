import { randomUUID } from 'node:crypto';
import type { KeyFingerprinter, SecretSealer } from '../crypto';
import type { AuditLog, ProviderKeyView, SealedSecretRepository } from '../db';
import { ERROR_CODES, StoredKeyRefusedError, WardenError } from '../errors';
import type { Logger } from '../log';

export interface OpenStoredKeyDeps {
  sealedSecrets: Pick<SealedSecretRepository, 'get'>;
  sealer: Pick<SecretSealer, 'open'>;
  fingerprints: Pick<KeyFingerprinter, 'check'>;
  audit: Pick<AuditLog, 'append'>;
  logger: Logger;
}

export type StoredKeyRow = Pick<
  ProviderKeyView,
  'id' | 'provider' | 'environment' | 'baseUrl' | 'sealedSecretId' | 'maskedKey' | 'fingerprint' | 'fingerprintVersion' | 'binding'
>;

/**
 * Decrypts a stored key for one use (a health check, a test chat, key resolution) and proves it is this
 * row's key before anyone uses it. The envelope's AAD already ties the ciphertext to its sealed secret's id;
 * this ties the secret to the row: the key must have the row's keyed fingerprint, and the row's sealed
 * secret id, provider, environment, base URL and fingerprint must carry the binding made when it was stored.
 * A row pointed at another row's secret, or relabelled to another slot, is refused, audited and logged.
 */
export async function openStoredKey(d: OpenStoredKeyDeps, key: StoredKeyRow, use: { actor: string; purpose: string }): Promise<string> {
  const envelope = await d.sealedSecrets.get(key.sealedSecretId);
  if (!envelope) {
    throw new WardenError(ERROR_CODES.sealedSecretMissing, `The sealed secret of key ${key.id} is not in the vault; add the key again.`, { keyId: key.id });
  }
  const apiKey = await d.sealer.open(envelope, key.sealedSecretId);
  const verdict = d.fingerprints.check(apiKey, key);
  if (verdict.ok) return apiKey;

  const facts = { keyId: key.id, provider: key.provider, environment: key.environment, fingerprint: key.fingerprint, reason: verdict.reason, use: use.purpose };
  d.logger.error('A stored key failed its fingerprint check and was not used', facts);
  // Each refusal is its own event (a new id): the refusals themselves are the evidence of tampering.
  await d.audit.append({
    idempotencyKey: `key-refused:${key.id}:${randomUUID()}`,
    actor: use.actor,
    action: 'key.use_refused',
    target: key.id,
    outcome: 'refused',
    details: { ...facts, maskedKey: key.maskedKey },
  });
  throw new StoredKeyRefusedError(key, verdict.reason);
}
