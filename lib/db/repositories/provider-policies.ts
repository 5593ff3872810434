import type { Provider } from '../../contracts/providers';
import type { Db } from '../client';

export interface ProviderPolicyView {
  provider: Provider;
  byokOnly: boolean;
  updatedBy: string;
  updatedAt: Date;
}

export type ProviderPolicyRepository = ReturnType<typeof createProviderPolicyRepository>;

export function createProviderPolicyRepository(db: Db) {
  return {
    /** A provider nobody set a policy for is not BYOK-only. */
    async isByokOnly(provider: Provider): Promise<boolean> {
      const row = await db.providerPolicy.findUnique({ where: { provider }, select: { byokOnly: true } });
      return row?.byokOnly ?? false;
    },

    async setByokOnly(provider: Provider, byokOnly: boolean, updatedBy: string): Promise<void> {
      // A single-field unique where with scalar data: Prisma runs this as INSERT … ON CONFLICT DO UPDATE.
      await db.providerPolicy.upsert({
        where: { provider },
        create: { provider, byokOnly, updatedBy },
        update: { byokOnly, updatedBy },
        select: { provider: true },
      });
    },

    async list(): Promise<ProviderPolicyView[]> {
      return db.providerPolicy.findMany({
        select: { provider: true, byokOnly: true, updatedBy: true, updatedAt: true },
        orderBy: { provider: 'asc' },
      });
    },
  };
}
