import { ERROR_CODES } from '../../../../lib/errors';
import { createMemberRepository } from '../../../../lib/db/repositories/members';
import { createTestDatabase, type TestDatabase } from '../../../helpers/database';

describe('member repository', () => {
  let db: TestDatabase;
  let members: ReturnType<typeof createMemberRepository>;
  beforeEach(async () => {
    db = await createTestDatabase();
    members = createMemberRepository(db.prisma);
  });
  afterEach(() => db.drop());

  const admin = { slackUserId: 'U0ADMIN', email: 'admin@example.com', displayName: 'Ada Admin' };

  it('makes the bootstrap admin an approved admin, once, even when started twice at once', async () => {
    await Promise.all([members.ensureBootstrapAdmin(admin), members.ensureBootstrapAdmin(admin)]);
    await members.ensureBootstrapAdmin(admin);
    await expect(members.findBySlackId('U0ADMIN')).resolves.toEqual({
      id: expect.any(String), slackUserId: 'U0ADMIN', email: 'admin@example.com', displayName: 'Ada Admin', contractor: false,
    });
    await expect(members.activeRoles('U0ADMIN', new Date())).resolves.toEqual(['admin']);
    const grants = await db.prisma.roleGrant.findMany({ select: { requestId: true, grantedBySlackId: true, status: true } });
    expect(grants).toEqual([{ requestId: 'bootstrap-admin-U0ADMIN', grantedBySlackId: 'config', status: 'approved' }]);
  });

  it('refuses a bootstrap admin whose email belongs to someone else', async () => {
    await members.ensureBootstrapAdmin(admin);
    await expect(members.ensureBootstrapAdmin({ ...admin, slackUserId: 'U0OTHER' })).rejects.toMatchObject({ code: ERROR_CODES.config });
  });

  it('counts only approved grants that have started and not expired', async () => {
    await members.ensureBootstrapAdmin(admin);
    const member = (await members.findBySlackId('U0ADMIN'))!;
    // Later than the bootstrap grant, which starts at the real clock's now.
    const now = new Date(Date.now() + 24 * 3_600_000);
    const at = (hoursFromNow: number) => new Date(now.getTime() + hoursFromNow * 3_600_000);
    const grant = (requestId: string, role: 'builder' | 'analyst' | 'support_lead', status: 'approved' | 'requested', startsAt: Date, expiresAt: Date | null) =>
      db.prisma.roleGrant.create({
        data: { memberId: member.id, role, status, grantedBySlackId: 'U0ADMIN', reason: 'test', requestId, startsAt, expiresAt },
      });
    await grant('g1', 'builder', 'approved', at(-12), at(12));
    await grant('g2', 'analyst', 'approved', at(-12), now); // expires at exactly now
    await grant('g3', 'support_lead', 'approved', at(1), null); // not started yet
    await grant('g4', 'analyst', 'requested', at(-12), null);
    await expect(members.activeRoles('U0ADMIN', now)).resolves.toEqual(['admin', 'builder']);
    await expect(members.activeRoles('U0NOBODY', now)).resolves.toEqual([]);
    await expect(members.findBySlackId('U0NOBODY')).resolves.toBeNull();
  });
});
