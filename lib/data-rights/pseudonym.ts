import { createHmac } from 'node:crypto';
import type { KeyEncryptionService } from '../crypto';
import { subjectKey, type SubjectRef } from './subject';

/** Its own HKDF purpose, so the pseudonym key is unrelated to every other key derived from the master key. */
export const SUBJECT_PSEUDONYM_PURPOSE = 'data-subject-pseudonym';
export const PSEUDONYM_PREFIX = 'psn_';

/** The key subject pseudonyms are made with, derived from the current master key. */
export function deriveSubjectPseudonymKey(kms: Pick<KeyEncryptionService, 'deriveKey'>): Promise<Buffer> {
  return kms.deriveKey(SUBJECT_PSEUDONYM_PURPOSE);
}

/**
 * A keyed pseudonym of a subject: the same subject always gives the same value, so audit events and
 * legal holds about one person can be found together, but without the key nobody can test a guessed email
 * against it (an unkeyed hash of an email is reversible by trying addresses).
 */
export function subjectPseudonym(subject: SubjectRef, key: Buffer): string {
  return PSEUDONYM_PREFIX + createHmac('sha256', key).update(subjectKey(subject), 'utf8').digest('hex').slice(0, 32);
}
