import { createHmac } from 'node:crypto';
import type { KeyEncryptionService, SecretSealer } from '../crypto';
import type { SealedSecretRepository } from '../db';
import { subjectKey, type SubjectRef } from './subject';

/** Its own HKDF purpose, so the pseudonym key is unrelated to every other key derived from the master key. */
export const SUBJECT_PSEUDONYM_PURPOSE = 'data-subject-pseudonym';
export const PSEUDONYM_PREFIX = 'psn_';

/** Where the pseudonym key is kept, sealed like a provider key. */
export const SUBJECT_PSEUDONYM_KEY_SECRET_ID = 'warden:data-subject-pseudonym-key';

/**
 * The key subject pseudonyms are made with. Legal holds and audit events name subjects by pseudonym, so the key
 * must outlive master-key rotations: derived afresh from each new master key, a hold placed before a rotation
 * would stop matching its subject's records and erasure would go through it. So it is kept sealed in the
 * database, and a rotation re-wraps it like every sealed secret (`npm run rewrap-secrets`). The first start seals
 * the key derived from the master key then in use, which is what pseudonyms made before it was stored used.
 */
export async function loadSubjectPseudonymKey(d: {
  kms: Pick<KeyEncryptionService, 'deriveKey'>;
  sealer: Pick<SecretSealer, 'seal' | 'open'>;
  sealedSecrets: Pick<SealedSecretRepository, 'get' | 'put'>;
}): Promise<Buffer> {
  const id = SUBJECT_PSEUDONYM_KEY_SECRET_ID;
  if (!(await d.sealedSecrets.get(id))) {
    const derived = await d.kms.deriveKey(SUBJECT_PSEUDONYM_PURPOSE);
    // Insert-if-absent, then read back: of two processes starting together, both use the one that was stored.
    await d.sealedSecrets.put(id, await d.sealer.seal(derived.toString('hex'), id));
  }
  const stored = await d.sealedSecrets.get(id);
  if (!stored) throw new Error(`the sealed secret ${id} vanished right after it was stored`);
  return Buffer.from(await d.sealer.open(stored, id), 'hex');
}

/**
 * A keyed pseudonym of a subject: the same subject always gives the same value, so audit events and
 * legal holds about one person can be found together, but without the key nobody can test a guessed email
 * against it (an unkeyed hash of an email is reversible by trying addresses).
 */
export function subjectPseudonym(subject: SubjectRef, key: Buffer): string {
  return PSEUDONYM_PREFIX + createHmac('sha256', key).update(subjectKey(subject), 'utf8').digest('hex').slice(0, 32);
}
