import { ERROR_CODES, WardenError } from '../../errors';
import type { Db } from '../client';
import { isUniqueViolation } from './prisma-errors';

export interface RegisterMemberInput {
  slackUserId: string;
  email: string;
  displayName: string;
  contractor: boolean;
  utilityAccount: boolean;
  managerSlackId?: string;
}

export interface RegisteredMember {
  id: string;
  slackUserId: string;
  email: string;
  displayName: string;
  contractor: boolean;
  utilityAccount: boolean;
  managerSlackId: string | null;
  created: boolean;
}

export type MemberRegistry = ReturnType<typeof createMemberRegistry>;

/** Writes member records (the named people whose clicks count). Reads for governance stay in members.ts. */
export function createMemberRegistry(db: Db) {
  return {
    /** Creates or updates a member by Slack id; safe to repeat with the same input. */
    async register(input: RegisterMemberInput): Promise<RegisteredMember> {
      let managerId: string | null = null;
      if (input.managerSlackId) {
        const manager = await db.member.findUnique({ where: { slackUserId: input.managerSlackId }, select: { id: true } });
        if (!manager) {
          throw new WardenError(ERROR_CODES.memberNotFound, `The manager <@${input.managerSlackId}> is not a registered member; add them first.`);
        }
        managerId = manager.id;
      }
      const existing = await db.member.findUnique({ where: { slackUserId: input.slackUserId }, select: { id: true } });
      const data = {
        email: input.email,
        displayName: input.displayName,
        contractor: input.contractor,
        utilityAccount: input.utilityAccount,
        managerId,
      };
      try {
        const row = existing
          ? await db.member.update({ where: { id: existing.id }, data, select: memberSelect })
          : // Registration is the first sign of activity Warden sees; null would read as "never active" in reviews.
            await db.member.create({ data: { slackUserId: input.slackUserId, ...data, lastActiveAt: new Date() }, select: memberSelect });
        return { ...flatten(row), created: !existing };
      } catch (err) {
        if (isUniqueViolation(err)) {
          throw new WardenError(ERROR_CODES.invalidInput, `The email ${input.email} already belongs to another member.`);
        }
        throw err;
      }
    },
  };
}

const memberSelect = {
  id: true,
  slackUserId: true,
  email: true,
  displayName: true,
  contractor: true,
  utilityAccount: true,
  manager: { select: { slackUserId: true } },
} as const;

function flatten(row: {
  id: string;
  slackUserId: string;
  email: string;
  displayName: string;
  contractor: boolean;
  utilityAccount: boolean;
  manager: { slackUserId: string } | null;
}): Omit<RegisteredMember, 'created'> {
  const { manager, ...rest } = row;
  return { ...rest, managerSlackId: manager?.slackUserId ?? null };
}
