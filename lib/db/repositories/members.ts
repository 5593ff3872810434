import { ERROR_CODES, WardenError } from '../../errors';
import type { Db } from '../client';
import type { Role } from '../generated/enums';

export interface MemberView {
  id: string;
  slackUserId: string;
  email: string;
  displayName: string;
  contractor: boolean;
}

export type MemberRepository = ReturnType<typeof createMemberRepository>;

export function createMemberRepository(db: Db) {
  return {
    async findBySlackId(slackUserId: string): Promise<MemberView | null> {
      return db.member.findUnique({
        where: { slackUserId },
        select: { id: true, slackUserId: true, email: true, displayName: true, contractor: true },
      });
    },

    /** Roles the person holds at `now`: approved grants that have started and not yet expired. */
    async activeRoles(slackUserId: string, now: Date): Promise<Role[]> {
      const grants = await db.roleGrant.findMany({
        where: {
          member: { slackUserId },
          status: 'approved',
          startsAt: { lte: now },
          OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
        },
        select: { role: true },
        orderBy: { role: 'asc' },
      });
      return [...new Set(grants.map((g) => g.role))];
    },

    /** Every grant in force or starting later (approved, not ended): the bot's in-memory role view loads these. */
    async grantsInForce(now: Date): Promise<Array<{ slackUserId: string; role: Role; startsAt: Date; expiresAt: Date | null }>> {
      const rows = await db.roleGrant.findMany({
        where: { status: 'approved', OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
        select: { role: true, startsAt: true, expiresAt: true, member: { select: { slackUserId: true } } },
      });
      return rows.map((r) => ({ slackUserId: r.member.slackUserId, role: r.role, startsAt: r.startsAt, expiresAt: r.expiresAt }));
    },

    /**
     * Makes the configured first administrator an approved admin, so someone can grant everything else.
     * Idempotent and safe under concurrent starts (INSERT … ON CONFLICT DO NOTHING). It never re-creates the
     * grant once it exists, so an admin who later revoked the bootstrap grant keeps it revoked.
     */
    async ensureBootstrapAdmin(input: { slackUserId: string; email: string; displayName: string }): Promise<void> {
      await db.member.createMany({
        data: [{ slackUserId: input.slackUserId, email: input.email, displayName: input.displayName }],
        skipDuplicates: true,
      });
      const member = await db.member.findUnique({ where: { slackUserId: input.slackUserId }, select: { id: true } });
      if (!member) {
        // The insert was skipped for the email, not the Slack id: it belongs to somebody else.
        throw new WardenError(ERROR_CODES.config, `The bootstrap admin's email ${input.email} already belongs to another Slack user.`);
      }
      await db.roleGrant.createMany({
        data: [{
          memberId: member.id,
          role: 'admin',
          status: 'approved',
          grantedBySlackId: 'config',
          approvedBySlackId: 'config',
          reason: 'Bootstrap administrator named in the configuration.',
          requestId: `bootstrap-admin-${input.slackUserId}`,
        }],
        skipDuplicates: true,
      });
    },
  };
}
