import { agentFields, agentName, type AgentFields } from '../../lib/agents/agent-shape';
import { AGENT_USES, codeSpan, type AgentUse } from '../../lib/contracts';
import { environmentName, providerName } from './provider-names';
import { firstIssue, type ParseResult } from './parse-result';

export type AgentsCommand = { kind: 'agents.list' } | { kind: 'agents.byok' } | { kind: 'agents.set'; name: string; fields: AgentFields };

export const AGENTS_SET_USAGE =
  'Usage: `/warden agents set <name> <environment> team=<team> chat=<provider>:<model> [embeddings=… vision=… transcription=…] [policy=<provider>:org_required|org_preferred|hosted_only] [contact=@person]`';

/** `/warden agents …` after the area word. */
export function parseAgentsCommand(words: string[]): ParseResult<AgentsCommand> {
  const [rawAction, ...rest] = words;
  const action = rawAction?.toLowerCase();
  if (!action || action === 'list') return { ok: true, command: { kind: 'agents.list' } };
  if (action === 'byok') return { ok: true, command: { kind: 'agents.byok' } };
  if (action === 'set') return parseSet(rest);
  return { ok: false, message: `Unknown agents command ${codeSpan(action)}. Try \`/warden help\`.` };
}

function parseSet(words: string[]): ParseResult<AgentsCommand> {
  const [rawName, rawEnv, ...pairs] = words;
  const name = agentName.safeParse(rawName?.toLowerCase() ?? '');
  if (!name.success) return { ok: false, message: `${AGENTS_SET_USAGE} (${firstIssue(name.error)}).` };
  const environment = environmentName.safeParse(rawEnv ?? '');
  if (!environment.success) return { ok: false, message: `${AGENTS_SET_USAGE} (${firstIssue(environment.error)}).` };
  const raw: { environment: string; ownerTeam?: string; teamContact?: string; uses: Partial<Record<AgentUse, unknown>>; keyPolicies: Record<string, string> } = {
    environment: environment.data,
    uses: {},
    keyPolicies: {},
  };
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = eq > 0 ? pair.slice(0, eq).toLowerCase() : '';
    const value = eq > 0 ? pair.slice(eq + 1) : '';
    if (!key || !value) return { ok: false, message: `${AGENTS_SET_USAGE} (${codeSpan(pair)} is not name=value).` };
    if (key === 'team') raw.ownerTeam = value;
    else if (key === 'contact') raw.teamContact = /^<@([UW][A-Z0-9]+)(\|[^>]*)?>$/.exec(value)?.[1] ?? value.replace(/^@/, '');
    else if ((AGENT_USES as readonly string[]).includes(key) || key === 'policy') {
      const [p, rest] = [value.slice(0, value.indexOf(':')), value.slice(value.indexOf(':') + 1)];
      const provider = providerName.safeParse(p);
      if (value.indexOf(':') < 1 || !rest) return { ok: false, message: `${AGENTS_SET_USAGE} (${codeSpan(pair)}: write <provider>:<${key === 'policy' ? 'policy' : 'model'}>).` };
      if (!provider.success) return { ok: false, message: `${AGENTS_SET_USAGE} (${firstIssue(provider.error)}).` };
      if (key === 'policy') raw.keyPolicies[provider.data] = rest.toLowerCase();
      else raw.uses[key as AgentUse] = { provider: provider.data, model: rest };
    } else return { ok: false, message: `${AGENTS_SET_USAGE} (unknown field ${codeSpan(key)}).` };
  }
  const fields = agentFields.safeParse(raw);
  if (!fields.success) return { ok: false, message: `${AGENTS_SET_USAGE} (${fields.error.issues.map((i) => i.message).join('; ')}).` };
  return { ok: true, command: { kind: 'agents.set', name: name.data, fields: fields.data } };
}
