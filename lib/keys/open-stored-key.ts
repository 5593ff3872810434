import { randomUUID } from 'node:crypto';
import type { KeyEnvironment, Provider } from '../contracts';
import type { KeyFingerprinter, SecretSealer } from '../crypto';
import type { AuditLog, ProviderKeyView, SealedSecretRepository } from '../db';
import { ERROR_CODES, StoredKeyRefusedError, WardenError, type StoredKeyRefusal } from '../errors';
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

export interface StoredKeyUse {
  /** Who the key is opened for (a service, a person, 'warden'): the refusal's audit actor. */
  actor: string;
  purpose: string;
  /** The slot the key was looked up in: a key found there must be labelled for it. */
  slot?: { provider: Provider; environment: KeyEnvironment };
}

/**
 * Decrypts a stored key for one use (a health check, a test chat, key resolution) and proves it is this
 * row's key before anyone uses it. The envelope's AAD already ties the ciphertext to its sealed secret's id;
 * this ties the secret to the row: the key must have the row's keyed fingerprint, and the row's sealed
 * secret id, provider, environment, base URL and fingerprint must carry the binding made when it was stored.
 * A row pointed at another row's secret, relabelled, or put in a slot it was not made for, is refused,
 * audited and logged.
 */
export async function openStoredKey(d: OpenStoredKeyDeps, key: StoredKeyRow, use: StoredKeyUse): Promise<string> {
  if (use.slot && (use.slot.provider !== key.provider || use.slot.environment !== key.environment)) return refuse(d, key, use, 'slot');
  const envelope = await d.sealedSecrets.get(key.sealedSecretId);
  if (!envelope) {
    throw new WardenError(ERROR_CODES.sealedSecretMissing, `The sealed secret of key ${key.id} is not in the vault; add the key again.`, { keyId: key.id });
  }
  const apiKey = await d.sealer.open(envelope, key.sealedSecretId);
  const verdict = d.fingerprints.check(apiKey, key);
  return verdict.ok ? apiKey : refuse(d, key, use, verdict.reason);
}

async function refuse(d: OpenStoredKeyDeps, key: StoredKeyRow, use: StoredKeyUse, reason: StoredKeyRefusal): Promise<never> {
  const facts = { keyId: key.id, provider: key.provider, environment: key.environment, fingerprint: key.fingerprint, reason, use: use.purpose };
  d.logger.error('A stored key could not be proven to belong to its record and was not used', facts);
  // Each refusal is its own event (a new id): the refusals themselves are the evidence of tampering.
  await d.audit.append({
    idempotencyKey: `key-refused:${key.id}:${randomUUID()}`,
    actor: use.actor,
    action: 'key.use_refused',
    target: key.id,
    outcome: 'refused',
    details: { ...facts, maskedKey: key.maskedKey },
  });
  throw new StoredKeyRefusedError(key, reason);
}
