import type { AgentKeyPolicy, AgentModelUse, AgentRecord, AgentUse } from '../../contracts/agents-and-api-keys';
import type { KeyEnvironment, Provider } from '../../contracts/providers';
import type { Db } from '../client';

const select = { name: true, environment: true, ownerTeam: true, teamContact: true, uses: true, keyPolicies: true, updatedBy: true, updatedAt: true } as const;

type Row = { name: string; environment: KeyEnvironment; ownerTeam: string; teamContact: string | null; uses: unknown; keyPolicies: unknown; updatedBy: string; updatedAt: Date };

const view = (r: Row): AgentRecord => ({
  ...r,
  uses: r.uses as Partial<Record<AgentUse, AgentModelUse>>,
  keyPolicies: r.keyPolicies as Partial<Record<Provider, AgentKeyPolicy>>,
  updatedAt: r.updatedAt.toISOString(),
});

export type AgentRepository = ReturnType<typeof createAgentRepository>;

export function createAgentRepository(db: Db) {
  return {
    async get(name: string, environment: KeyEnvironment): Promise<AgentRecord | null> {
      const row = await db.agent.findUnique({ where: { name_environment: { name, environment } }, select });
      return row ? view(row) : null;
    },

    async list(): Promise<AgentRecord[]> {
      return (await db.agent.findMany({ select, orderBy: [{ environment: 'asc' }, { name: 'asc' }] })).map(view);
    },

    /** Whole-record replace: what Slack or the platform sends is the agent as it is now. */
    async put(agent: Omit<AgentRecord, 'updatedAt'>): Promise<{ created: boolean }> {
      const before = await db.agent.findUnique({ where: { name_environment: { name: agent.name, environment: agent.environment } }, select: { name: true } });
      const data = { ownerTeam: agent.ownerTeam, teamContact: agent.teamContact, uses: agent.uses as object, keyPolicies: agent.keyPolicies as object, updatedBy: agent.updatedBy };
      await db.agent.upsert({
        where: { name_environment: { name: agent.name, environment: agent.environment } },
        create: { name: agent.name, environment: agent.environment, ...data },
        update: data,
        select: { name: true },
      });
      return { created: !before };
    },
  };
}
