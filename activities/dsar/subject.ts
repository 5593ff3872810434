import type { SubjectRef } from '../../lib/data-rights';
import { dsarSubjectRef } from '../../lib/contracts';
import { ERROR_CODES, WardenError } from '../../lib/errors';
import type { ActivityDeps } from '../deps';
import type { DsarServices } from './dsar-services';

/** Opens the sealed subject of a request (the bot sealed it; workflow history holds only its id). */
export async function openSubject(d: Pick<ActivityDeps, 'sealedSecrets' | 'sealer'>, subjectRef: string): Promise<SubjectRef> {
  const envelope = await d.sealedSecrets.get(subjectRef);
  if (!envelope) throw new WardenError(ERROR_CODES.sealedSecretMissing, 'The subject of this request is no longer stored; open a new request.');
  return JSON.parse(await d.sealer.open(envelope, subjectRef)) as SubjectRef;
}

/** The audit target for a subject: its pseudonym, never an address. */
export const subjectTarget = (pseudonym: string) => `subject:${pseudonym}`;

/**
 * The subject of a request that two people approved, for the activities that act on it (export, erasure). The
 * request row, written by the asserted start and changed only by checked decisions, is the authority: an
 * activity input that names another request's subject, or a request not approved, acts on nothing.
 */
export async function openApprovedSubject(d: Pick<ActivityDeps, 'sealedSecrets' | 'sealer'> & { dsar: DsarServices }, requestId: string): Promise<SubjectRef> {
  const request = await d.dsar.requests.get(requestId);
  if (!request || (request.status !== 'approved' && request.status !== 'fulfilled')) {
    throw new WardenError(ERROR_CODES.invalidInput, 'The request is not approved, so nothing is exported or erased.');
  }
  return openSubject(d, dsarSubjectRef(requestId));
}
