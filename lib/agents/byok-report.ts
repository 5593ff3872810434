import { KEY_ENVIRONMENTS, PROVIDER_LABELS, type AgentKeyPolicy, type AgentRecord, type KeyEnvironment, type Provider } from '../contracts';
import type { AgentRepository } from '../db/repositories/agents';
import type { ProviderKeyRepository } from '../db/repositories/provider-keys';
import type { ProviderPolicyRepository } from '../db/repositories/provider-policies';
import { providersOf } from './agent-shape';

/** One agent's use of one provider, and where its key comes from now and if the org key went away. */
export interface ByokRow {
  environment: KeyEnvironment;
  agent: string;
  ownerTeam: string;
  teamContact: string | null;
  provider: Provider;
  uses: string[];
  policy: AgentKeyPolicy;
  /** Masked org key in the slot, or null. */
  orgKey: string | null;
  /** Where key resolution would get this agent's key right now. */
  sourceNow: 'org' | 'hosted' | 'none';
  /** Whether a missing org key would send this agent to Warden's hosted key. */
  fallsBackToHosted: boolean;
}

export interface ByokReportDeps {
  agents: Pick<AgentRepository, 'list'>;
  keys: Pick<ProviderKeyRepository, 'findActive'>;
  policies: Pick<ProviderPolicyRepository, 'list'>;
  /** Providers for which Warden holds a hosted key. */
  hostedProviders: ReadonlySet<Provider>;
}

/** The incident-drill answer: which agents call which provider with the org's key, per environment. */
export function createByokReport(d: ByokReportDeps) {
  return async function byokReport(filter: { provider?: Provider; environment?: KeyEnvironment } = {}): Promise<ByokRow[]> {
    const byokOnly = new Set((await d.policies.list()).filter((p) => p.byokOnly).map((p) => p.provider));
    const orgKeys = new Map<string, string | null>();
    const orgKey = async (p: Provider, e: KeyEnvironment) => {
      const slot = `${p}/${e}`;
      if (!orgKeys.has(slot)) orgKeys.set(slot, (await d.keys.findActive(p, e))?.maskedKey ?? null);
      return orgKeys.get(slot)!;
    };
    const rows: ByokRow[] = [];
    for (const agent of await d.agents.list()) {
      if (filter.environment && agent.environment !== filter.environment) continue;
      for (const [provider, uses] of providersOf(agent)) {
        if (filter.provider && provider !== filter.provider) continue;
        const policy = agent.keyPolicies[provider] ?? (byokOnly.has(provider) ? 'org_required' : 'org_preferred');
        const key = await orgKey(provider, agent.environment);
        const hostedAllowed = !byokOnly.has(provider) && d.hostedProviders.has(provider) && policy !== 'org_required';
        const sourceNow = policy === 'hosted_only' ? (hostedAllowed ? 'hosted' : 'none') : key ? 'org' : hostedAllowed ? 'hosted' : 'none';
        rows.push({ ...pick(agent), provider, uses, policy, orgKey: key, sourceNow, fallsBackToHosted: policy === 'org_preferred' && hostedAllowed });
      }
    }
    return rows;
  };
}

export type ByokReport = ReturnType<typeof createByokReport>;

const pick = (a: AgentRecord) => ({ environment: a.environment, agent: a.name, ownerTeam: a.ownerTeam, teamContact: a.teamContact });

const CSV_COLUMNS = ['environment', 'agent', 'owner_team', 'provider', 'uses', 'key_policy', 'org_key', 'key_source_now', 'falls_back_to_hosted'] as const;

/** RFC 4180 quoting; a cell starting with = + - @ is prefixed so a spreadsheet does not run it as a formula. */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function byokCsv(rows: ByokRow[]): string {
  const lines = rows.map((r) =>
    [r.environment, r.agent, r.ownerTeam, r.provider, r.uses.join('; '), r.policy, r.orgKey ?? '', r.sourceNow, r.fallsBackToHosted ? 'yes' : 'no'].map(cell).join(','),
  );
  return [CSV_COLUMNS.join(','), ...lines].join('\r\n') + '\r\n';
}

/** Environments in their usual order, each with its rows, for the Slack answer. */
export function byEnvironment(rows: ByokRow[]): Array<{ environment: KeyEnvironment; rows: ByokRow[] }> {
  return KEY_ENVIRONMENTS.map((environment) => ({ environment, rows: rows.filter((r) => r.environment === environment) })).filter((g) => g.rows.length > 0);
}

export const providerLabel = (p: Provider) => PROVIDER_LABELS[p];
