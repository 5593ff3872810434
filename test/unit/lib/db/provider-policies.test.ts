import { createProviderPolicyRepository } from '../../../../lib/db/repositories/provider-policies';
import { createTestDatabase, type TestDatabase } from '../../../helpers/database';

describe('provider policy repository', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(() => db.drop());

  it('defaults to not BYOK-only and records who changed the policy', async () => {
    const policies = createProviderPolicyRepository(db.prisma);
    await expect(policies.isByokOnly('openai')).resolves.toBe(false);
    await Promise.all([policies.setByokOnly('openai', true, 'U0ADMIN'), policies.setByokOnly('openai', true, 'U0ADMIN')]);
    await expect(policies.isByokOnly('openai')).resolves.toBe(true);
    await policies.setByokOnly('openai', false, 'U0OTHER');
    await policies.setByokOnly('anthropic', true, 'U0ADMIN');
    await expect(policies.list()).resolves.toEqual([
      { provider: 'openai', byokOnly: false, updatedBy: 'U0OTHER', updatedAt: expect.any(Date) },
      { provider: 'anthropic', byokOnly: true, updatedBy: 'U0ADMIN', updatedAt: expect.any(Date) },
    ]);
  });
});
