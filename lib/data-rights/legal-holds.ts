import type { AuditLog, LegalHoldRepository, LegalHoldView } from '../db';
import { ERROR_CODES, WardenError } from '../errors';
import type { DataMap } from './data-map-schema';
import type { PlatformSources } from './platform-sources';
import { subjectPseudonym } from './pseudonym';
import { SUBJECT_KINDS, type SubjectRef } from './subject';
import { resolveIdentifiers, type Identifiers } from './subject-sql';

/** What is held right now, in the form erasure and retention check rows against. */
export interface HoldSet {
  /** Keyed pseudonyms of every identifier of every held subject. */
  pseudonyms: ReadonlySet<string>;
  conversationIds: ReadonlySet<string>;
}

export const NO_HOLDS: HoldSet = { pseudonyms: new Set(), conversationIds: new Set() };

export function holdSetOf(holds: Array<Pick<LegalHoldView, 'pseudonyms' | 'subjectPseudonym' | 'conversationId'>>): HoldSet {
  const pseudonyms = new Set<string>();
  const conversationIds = new Set<string>();
  for (const h of holds) {
    for (const p of h.pseudonyms) pseudonyms.add(p);
    if (h.subjectPseudonym) pseudonyms.add(h.subjectPseudonym);
    if (h.conversationId) conversationIds.add(h.conversationId);
  }
  return { pseudonyms, conversationIds };
}

/** Pseudonyms of every identifier found for a subject. */
export function identifierPseudonyms(ids: Identifiers, key: Buffer): string[] {
  return SUBJECT_KINDS.flatMap((kind) => ids[kind].map((value) => subjectPseudonym({ kind, value }, key)));
}

export interface LegalHoldsDeps {
  repo: LegalHoldRepository;
  audit: Pick<AuditLog, 'append'>;
  sources: PlatformSources;
  map: DataMap;
  pseudonymKey: Buffer;
  clock?: () => Date;
}

/**
 * Placing, lifting and checking legal holds, each change audited. A subject hold stores the pseudonyms of
 * all the subject's identifiers found when it is placed (an email and the end-user ids linked to it), so a
 * record naming only one of them is still covered; the audit log names the hold by pseudonym, never email.
 */
export function createLegalHolds(d: LegalHoldsDeps) {
  const now = () => (d.clock ?? (() => new Date()))();

  async function audited(hold: LegalHoldView, action: string, actor: string, requestId: string, details: Record<string, unknown>) {
    await d.audit.append({
      idempotencyKey: `${action}:${requestId}`,
      actor,
      action,
      target: hold.subjectPseudonym ?? `conversation:${hold.conversationId}`,
      outcome: 'succeeded',
      requestId,
      details: { holdId: hold.id, scope: hold.scope, ...details },
    });
  }

  return {
    async placeSubjectHold(i: { subject: SubjectRef; reason: string; placedBySlackId: string; requestId: string }) {
      requireReason(i.reason);
      const ids = await resolveIdentifiers(d.sources, d.map, i.subject);
      const result = await d.repo.place({
        scope: 'subject',
        subjectPseudonym: subjectPseudonym(i.subject, d.pseudonymKey),
        pseudonyms: identifierPseudonyms(ids, d.pseudonymKey),
        reason: i.reason,
        placedBySlackId: i.placedBySlackId,
        requestId: i.requestId,
        placedAt: now(),
      });
      if (result.placed) await audited(result.hold, 'legal_hold.placed', i.placedBySlackId, i.requestId, { reason: i.reason, identifiers: result.hold.pseudonyms.length });
      return result;
    },

    async placeConversationHold(i: { conversationId: string; reason: string; placedBySlackId: string; requestId: string }) {
      requireReason(i.reason);
      const result = await d.repo.place({ scope: 'conversation', conversationId: i.conversationId, reason: i.reason, placedBySlackId: i.placedBySlackId, requestId: i.requestId, placedAt: now() });
      if (result.placed) await audited(result.hold, 'legal_hold.placed', i.placedBySlackId, i.requestId, { reason: i.reason });
      return result;
    },

    async lift(i: { holdId: string; liftedBySlackId: string; reason: string; requestId: string }) {
      requireReason(i.reason);
      const result = await d.repo.lift(i.holdId, { slackId: i.liftedBySlackId, reason: i.reason, at: now() });
      if (!result.hold) throw new WardenError(ERROR_CODES.invalidInput, `There is no legal hold ${i.holdId}.`);
      if (result.lifted) await audited(result.hold, 'legal_hold.lifted', i.liftedBySlackId, i.requestId, { reason: i.reason });
      return result;
    },

    list: () => d.repo.listActive(),

    /** Every active hold, as erasure and retention check rows against it. */
    current: async (): Promise<HoldSet> => holdSetOf(await d.repo.listActive()),

    /** Whether a subject (by any of their identifiers) or a conversation is under an active hold. */
    async isHeld(target: { subject: SubjectRef } | { conversationId: string }): Promise<boolean> {
      if ('conversationId' in target) return (await d.repo.covering({ conversationIds: [target.conversationId] })).length > 0;
      const ids = await resolveIdentifiers(d.sources, d.map, target.subject);
      return (await d.repo.covering({ pseudonyms: identifierPseudonyms(ids, d.pseudonymKey) })).length > 0;
    },
  };
}

export type LegalHolds = ReturnType<typeof createLegalHolds>;

function requireReason(reason: string): void {
  if (!reason.trim()) throw new WardenError(ERROR_CODES.invalidInput, 'A legal hold needs a reason.');
}
