import type { Db } from '../client';
import type { Prisma } from '../generated/client';
import { isUniqueViolation } from './prisma-errors';

const holdSelect = {
  id: true,
  scope: true,
  subjectPseudonym: true,
  pseudonyms: true,
  conversationId: true,
  reason: true,
  placedBySlackId: true,
  placedAt: true,
  liftedBySlackId: true,
  liftedAt: true,
  liftReason: true,
  requestId: true,
} as const satisfies Prisma.LegalHoldSelect;

export type LegalHoldView = Prisma.LegalHoldGetPayload<{ select: typeof holdSelect }>;
export type LegalHoldRepository = ReturnType<typeof createLegalHoldRepository>;

export type NewLegalHold =
  | { scope: 'subject'; subjectPseudonym: string; pseudonyms: string[]; reason: string; placedBySlackId: string; requestId: string; placedAt: Date }
  | { scope: 'conversation'; conversationId: string; reason: string; placedBySlackId: string; requestId: string; placedAt: Date };

/** Legal holds. A hold is never deleted: lifting it records who lifted it, when and why. */
export function createLegalHoldRepository(db: Db) {
  const active = { liftedAt: null } as const;
  return {
    /**
     * Places a hold, once per request id. A target already under an active hold keeps that hold: the
     * answer says so (`placed: false`) rather than stacking a second one.
     */
    async place(input: NewLegalHold): Promise<{ placed: boolean; hold: LegalHoldView }> {
      const target: Prisma.LegalHoldWhereInput =
        input.scope === 'subject'
          ? // The same person named by another of their identifiers is the same hold.
            { scope: 'subject', OR: [{ subjectPseudonym: input.subjectPseudonym }, { pseudonyms: { hasSome: [input.subjectPseudonym, ...input.pseudonyms] } }] }
          : { scope: 'conversation', conversationId: input.conversationId };
      const existing = await db.legalHold.findFirst({ where: { OR: [{ requestId: input.requestId }, { AND: [target, active] }] }, select: holdSelect });
      if (existing) return { placed: false, hold: existing };
      try {
        return { placed: true, hold: await db.legalHold.create({ data: input, select: holdSelect }) };
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        return { placed: false, hold: (await db.legalHold.findUnique({ where: { requestId: input.requestId }, select: holdSelect }))! };
      }
    },

    /** Lifts an active hold; `lifted: false` when it was already lifted (or never existed: hold is null). */
    async lift(id: string, by: { slackId: string; reason: string; at: Date }): Promise<{ lifted: boolean; hold: LegalHoldView | null }> {
      const changed = await db.legalHold.updateMany({ where: { id, ...active }, data: { liftedBySlackId: by.slackId, liftReason: by.reason, liftedAt: by.at } });
      return { lifted: changed.count === 1, hold: await db.legalHold.findUnique({ where: { id }, select: holdSelect }) };
    },

    listActive: () => db.legalHold.findMany({ where: active, select: holdSelect, orderBy: { placedAt: 'asc' } }),

    /** Active holds covering any of these pseudonyms or conversations. */
    covering(target: { pseudonyms?: string[]; conversationIds?: string[] }): Promise<LegalHoldView[]> {
      const or: Prisma.LegalHoldWhereInput[] = [];
      if (target.pseudonyms?.length) or.push({ pseudonyms: { hasSome: target.pseudonyms } }, { subjectPseudonym: { in: target.pseudonyms } });
      if (target.conversationIds?.length) or.push({ conversationId: { in: target.conversationIds } });
      if (or.length === 0) return Promise.resolve([]);
      return db.legalHold.findMany({ where: { ...active, OR: or }, select: holdSelect, orderBy: { placedAt: 'asc' } });
    },
  };
}
