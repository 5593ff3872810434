import type { SubjectRef } from '../../lib/data-rights';
import { ERROR_CODES, WardenError } from '../../lib/errors';
import type { ActivityDeps } from '../deps';

/** Opens the sealed subject of a request (the bot sealed it; workflow history holds only its id). */
export async function openSubject(d: Pick<ActivityDeps, 'sealedSecrets' | 'sealer'>, subjectRef: string): Promise<SubjectRef> {
  const envelope = await d.sealedSecrets.get(subjectRef);
  if (!envelope) throw new WardenError(ERROR_CODES.sealedSecretMissing, 'The subject of this request is no longer stored; open a new request.');
  return JSON.parse(await d.sealer.open(envelope, subjectRef)) as SubjectRef;
}

/** The audit target for a subject: its pseudonym, never an address. */
export const subjectTarget = (pseudonym: string) => `subject:${pseudonym}`;
