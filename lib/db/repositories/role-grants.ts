import { ERROR_CODES, WardenError } from '../../errors';
import type { Db } from '../client';
import type { Prisma } from '../generated/client';
import type { GrantStatus, Role } from '../generated/enums';
import { isUniqueViolation } from './prisma-errors';

const grantSelect = {
  id: true,
  role: true,
  status: true,
  grantedBySlackId: true,
  approvedBySlackId: true,
  reason: true,
  startsAt: true,
  expiresAt: true,
  requestId: true,
  workflowId: true,
  durationSeconds: true,
  decidedAt: true,
  endedAt: true,
  endedBySlackId: true,
  endReason: true,
  member: { select: { id: true, slackUserId: true, email: true, displayName: true, contractor: true } },
  approvals: { select: { approverSlackId: true, at: true }, orderBy: { at: 'asc' } },
} as const satisfies Prisma.RoleGrantSelect;

export type RoleGrantView = Prisma.RoleGrantGetPayload<{ select: typeof grantSelect }>;
export type RoleGrantRepository = ReturnType<typeof createRoleGrantRepository>;

export interface OpenGrantRequestInput {
  requestId: string;
  workflowId: string;
  memberSlackId: string;
  role: Role;
  requesterSlackId: string;
  reason: string;
  durationSeconds: number | null;
}

/** Grant rows move only forward: requested → approved | denied | expired, approved → revoked | expired. */
export function createRoleGrantRepository(db: Db) {
  const get = (id: string) => db.roleGrant.findUnique({ where: { id }, select: grantSelect });

  /** Moves a grant from one of `from` to `to`; answers the row as it now is, changed or not (safe to retry). */
  async function transition(id: string, from: GrantStatus[], data: Prisma.RoleGrantUpdateManyMutationInput & { status: GrantStatus }) {
    const changed = await db.roleGrant.updateMany({ where: { id, status: { in: from } }, data });
    const row = await get(id);
    if (!row) throw new WardenError(ERROR_CODES.grantNotFound, `Grant ${id} does not exist.`);
    return { changed: changed.count === 1, grant: row };
  }

  return {
    get,

    /** Records a new request once per Slack request id; a retried activity finds the same row. */
    async openRequest(input: OpenGrantRequestInput): Promise<RoleGrantView> {
      const member = await db.member.findUnique({ where: { slackUserId: input.memberSlackId }, select: { id: true } });
      if (!member) {
        throw new WardenError(
          ERROR_CODES.memberNotFound,
          `<@${input.memberSlackId}> is not a registered member. An admin can add them with \`/warden access member add @user email\`.`,
        );
      }
      try {
        await db.roleGrant.create({
          data: {
            memberId: member.id,
            role: input.role,
            status: 'requested',
            grantedBySlackId: input.requesterSlackId,
            reason: input.reason,
            requestId: input.requestId,
            workflowId: input.workflowId,
            durationSeconds: input.durationSeconds,
          },
        });
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
      }
      const row = await db.roleGrant.findUnique({ where: { requestId: input.requestId }, select: grantSelect });
      if (!row) throw new WardenError(ERROR_CODES.grantNotFound, `Grant request ${input.requestId} was not recorded.`);
      return row;
    },

    /** Idempotent per approver: the unique index makes a second click by the same person count once. */
    async addApproval(grantId: string, approverSlackId: string, at: Date): Promise<RoleGrantView> {
      await db.grantApproval.createMany({ data: [{ grantId, approverSlackId, at }], skipDuplicates: true });
      const row = await get(grantId);
      if (!row) throw new WardenError(ERROR_CODES.grantNotFound, `Grant ${grantId} does not exist.`);
      return row;
    },

    approve(id: string, approvedBySlackId: string, now: Date, expiresAt: Date | null) {
      return transition(id, ['requested'], { status: 'approved', approvedBySlackId, decidedAt: now, startsAt: now, expiresAt });
    },

    deny(id: string, deniedBySlackId: string, now: Date, reason: string) {
      return transition(id, ['requested'], { status: 'denied', decidedAt: now, endedAt: now, endedBySlackId: deniedBySlackId, endReason: reason });
    },

    /** A request nobody decided, or a time-bound grant whose time is up. */
    expire(id: string, now: Date, reason: string) {
      return transition(id, ['requested', 'approved'], { status: 'expired', endedAt: now, endedBySlackId: 'warden', endReason: reason });
    },

    revoke(id: string, bySlackId: string, now: Date, reason: string) {
      return transition(id, ['approved'], { status: 'revoked', endedAt: now, endedBySlackId: bySlackId, endReason: reason });
    },

    /** Approved grants of one role held by one person (what an early revoke acts on). */
    async activeGrants(memberSlackId: string, role: Role, now: Date): Promise<RoleGrantView[]> {
      return db.roleGrant.findMany({
        where: { member: { slackUserId: memberSlackId }, role, status: 'approved', OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
        select: grantSelect,
        orderBy: { createdAt: 'asc' },
      });
    },

    /** A grant that is approved at once (a reviewer's role change); idempotent on `requestId`. */
    async createApproved(input: { memberSlackId: string; role: Role; requestId: string; bySlackId: string; reason: string; now: Date }): Promise<RoleGrantView> {
      const member = await db.member.findUnique({ where: { slackUserId: input.memberSlackId }, select: { id: true } });
      if (!member) throw new WardenError(ERROR_CODES.memberNotFound, `<@${input.memberSlackId}> is not a registered member.`);
      await db.roleGrant.createMany({
        data: [{
          memberId: member.id,
          role: input.role,
          status: 'approved',
          grantedBySlackId: input.bySlackId,
          approvedBySlackId: input.bySlackId,
          reason: input.reason,
          requestId: input.requestId,
          startsAt: input.now,
          decidedAt: input.now,
        }],
        skipDuplicates: true,
      });
      const row = await db.roleGrant.findUnique({ where: { requestId: input.requestId }, select: grantSelect });
      if (!row) throw new WardenError(ERROR_CODES.grantNotFound, `Grant ${input.requestId} was not recorded.`);
      return row;
    },

    /** How many people other than `excludingSlackId` hold `role` now. */
    async countHolders(role: Role, now: Date, excludingSlackId: string): Promise<number> {
      const holders = await db.roleGrant.findMany({
        where: { role, status: 'approved', member: { slackUserId: { not: excludingSlackId } }, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
        select: { memberId: true },
        distinct: ['memberId'],
      });
      return holders.length;
    },

    /** Everything for one person, newest first (the `/warden access` overview). */
    async listForMember(memberSlackId: string, limit = 20): Promise<RoleGrantView[]> {
      return db.roleGrant.findMany({ where: { member: { slackUserId: memberSlackId } }, select: grantSelect, orderBy: { createdAt: 'desc' }, take: limit });
    },
  };
}
