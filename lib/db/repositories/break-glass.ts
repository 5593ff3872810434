import { breakGlassCovers } from '../../access/break-glass-scope';
import { ERROR_CODES, WardenError } from '../../errors';
import type { Db } from '../client';
import type { Prisma } from '../generated/client';
import { isUniqueViolation } from './prisma-errors';

const flagSelect = {
  id: true,
  scope: true,
  status: true,
  reason: true,
  requestedBySlackId: true,
  confirmedBySlackId: true,
  requestId: true,
  requestedAt: true,
  activatedAt: true,
  endedAt: true,
  endedBySlackId: true,
} as const satisfies Prisma.BreakGlassSelect;

export type BreakGlassView = Prisma.BreakGlassGetPayload<{ select: typeof flagSelect }>;
export type BreakGlassRepository = ReturnType<typeof createBreakGlassRepository>;

/** Break-glass flags. Nothing is ever deleted: a flag moves pending → active → lifted, or pending → cancelled. */
export function createBreakGlassRepository(db: Db) {
  const get = (id: string) => db.breakGlass.findUnique({ where: { id }, select: flagSelect });

  async function transition(id: string, from: Prisma.BreakGlassWhereInput['status'], data: Prisma.BreakGlassUpdateManyMutationInput) {
    const changed = await db.breakGlass.updateMany({ where: { id, status: from }, data });
    const row = await get(id);
    if (!row) throw new WardenError(ERROR_CODES.invalidInput, `Break-glass ${id} does not exist.`);
    return { changed: changed.count === 1, flag: row };
  }

  const listActive = () => db.breakGlass.findMany({ where: { status: 'active' }, select: flagSelect, orderBy: { activatedAt: 'asc' } });

  return {
    get,
    listActive,

    /** Active and pending flags, for `/warden status`. */
    listOpen: () => db.breakGlass.findMany({ where: { status: { in: ['active', 'pending'] } }, select: flagSelect, orderBy: { requestedAt: 'asc' } }),

    /** The one question automation asks before acting: is anything in this scope stopped? */
    async isBlocked(scope: string): Promise<BreakGlassView | null> {
      return (await listActive()).find((f) => breakGlassCovers(f.scope, scope)) ?? null;
    },

    async openPending(input: { requestId: string; scope: string; reason: string; requestedBySlackId: string }): Promise<BreakGlassView> {
      try {
        await db.breakGlass.create({ data: { ...input, status: 'pending' } });
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
      }
      const row = await db.breakGlass.findUnique({ where: { requestId: input.requestId }, select: flagSelect });
      if (!row) throw new WardenError(ERROR_CODES.invalidInput, `Break-glass request ${input.requestId} was not recorded.`);
      return row;
    },

    activate: (id: string, confirmedBySlackId: string, now: Date) => transition(id, 'pending', { status: 'active', confirmedBySlackId, activatedAt: now }),
    cancel: (id: string, now: Date) => transition(id, 'pending', { status: 'cancelled', endedAt: now, endedBySlackId: 'warden' }),

    /** Lifts every active flag on exactly this scope; answers the flags it lifted. */
    async lift(scope: string, bySlackId: string, now: Date): Promise<BreakGlassView[]> {
      const active = await db.breakGlass.findMany({ where: { status: 'active', scope }, select: { id: true } });
      const lifted: BreakGlassView[] = [];
      for (const { id } of active) {
        const r = await transition(id, 'active', { status: 'lifted', endedAt: now, endedBySlackId: bySlackId });
        if (r.changed) lifted.push(r.flag);
      }
      return lifted;
    },
  };
}
