import type { Db } from '../client';
import type { Prisma } from '../generated/client';
import type { DsarKind, DsarStatus } from '../generated/enums';

const requestSelect = {
  id: true,
  kind: true,
  status: true,
  subjectPseudonym: true,
  subjectLabel: true,
  regime: true,
  requesterSlackId: true,
  verifiedBySlackId: true,
  verificationMethod: true,
  verificationNote: true,
  reason: true,
  openedAt: true,
  deadlineAt: true,
  decidedBySlackId: true,
  decidedAt: true,
  denialReason: true,
  fulfilledAt: true,
  approvals: { select: { approverSlackId: true, at: true }, orderBy: { at: 'asc' } },
} as const satisfies Prisma.DsarRequestSelect;

export type DsarRequestView = Prisma.DsarRequestGetPayload<{ select: typeof requestSelect }>;
export type DsarRequestRepository = ReturnType<typeof createDsarRequestRepository>;

export interface OpenDsarRequest {
  id: string;
  kind: DsarKind;
  subjectPseudonym: string;
  subjectLabel: string;
  regime: string;
  requesterSlackId: string;
  verifiedBySlackId: string;
  verificationMethod: string;
  verificationNote: string;
  reason: string;
  openedAt: Date;
  deadlineAt: Date;
}

const OPEN: DsarStatus[] = ['pending', 'approved'];

/** Request rows move only forward: pending → approved | denied, approved → fulfilled | failed. */
export function createDsarRequestRepository(db: Db) {
  const get = (id: string) => db.dsarRequest.findUnique({ where: { id }, select: requestSelect });
  return {
    get,

    /** Idempotent on the request id: a retried step finds the row its first attempt wrote. */
    async open(r: OpenDsarRequest): Promise<DsarRequestView> {
      await db.dsarRequest.createMany({ data: [r], skipDuplicates: true });
      return (await get(r.id))!;
    },

    async addApproval(id: string, approverSlackId: string, at: Date): Promise<DsarRequestView> {
      await db.dsarApproval.createMany({ data: [{ requestId: id, approverSlackId, at }], skipDuplicates: true });
      return (await get(id))!;
    },

    async decide(id: string, d: { status: 'approved' | 'denied'; bySlackId: string; at: Date; denialReason?: string }): Promise<DsarRequestView> {
      await db.dsarRequest.updateMany({
        where: { id, status: 'pending' },
        data: { status: d.status, decidedBySlackId: d.bySlackId, decidedAt: d.at, denialReason: d.denialReason ?? null },
      });
      return (await get(id))!;
    },

    async finish(id: string, status: 'fulfilled' | 'failed', at: Date): Promise<DsarRequestView> {
      await db.dsarRequest.updateMany({ where: { id, status: 'approved' }, data: { status, fulfilledAt: at } });
      return (await get(id))!;
    },

    /** Requests still owed an answer, nearest deadline first (`/warden dsar status`). */
    listOpen(limit = 50): Promise<DsarRequestView[]> {
      return db.dsarRequest.findMany({ where: { status: { in: OPEN } }, orderBy: { deadlineAt: 'asc' }, take: limit, select: requestSelect });
    },
  };
}
