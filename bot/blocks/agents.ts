import { byEnvironment, type ByokRow } from '../../lib/agents/byok-report';
import { providersOf } from '../../lib/agents/agent-shape';
import { codeSpan, escapeMrkdwn, PROVIDER_LABELS, type AgentRecord } from '../../lib/contracts';

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text: text.length > 3000 ? `${text.slice(0, 2980)}\n…(truncated)` : text } });

/** `/warden agents`: each agent, what it calls for what, and its key policy per provider. */
export function agentList(agents: AgentRecord[]): { text: string; blocks: unknown[] } {
  if (agents.length === 0) return { text: 'No agents are registered yet. Register one with `/warden agents set …` or PUT /v1/agents/{name}.', blocks: [] };
  const lines = agents.map((a) => {
    const uses = [...providersOf(a)].map(([p, u]) => `${PROVIDER_LABELS[p]} (${u.map(escapeMrkdwn).join(', ')}; ${a.keyPolicies[p] ?? 'org_preferred'})`).join('; ');
    return `• ${codeSpan(a.name)} · ${a.environment} · team *${escapeMrkdwn(a.ownerTeam)}*${a.teamContact ? ` (<@${a.teamContact}>)` : ''} — ${uses}`;
  });
  const text = `*Agents* (${agents.length})\n${lines.join('\n')}`;
  return { text, blocks: [section(text)] };
}

function who(r: ByokRow): string {
  return `${codeSpan(r.agent)} (team ${escapeMrkdwn(r.ownerTeam)}; ${r.uses.map(escapeMrkdwn).join(', ')})`;
}

/**
 * `/warden agents byok`, the incident-drill question in one message: per environment and provider, which agents
 * call it with the org's key, which would fall back to Warden's hosted key, which use only hosted keys, and which
 * have no key at all right now.
 */
export function byokAnswer(rows: ByokRow[]): { text: string; blocks: unknown[] } {
  if (rows.length === 0) return { text: 'No agents are registered, so no agent uses a provider key. Register agents with `/warden agents set …`.', blocks: [] };
  const parts: string[] = ['*Which agents use the org’s provider keys*'];
  for (const { environment, rows: envRows } of byEnvironment(rows)) {
    parts.push(`\n*${environment}*`);
    const providers = [...new Set(envRows.map((r) => r.provider))];
    for (const p of providers) {
      const mine = envRows.filter((r) => r.provider === p);
      const orgKey = mine[0]!.orgKey;
      parts.push(`${PROVIDER_LABELS[p]} — org key ${orgKey ? codeSpan(orgKey) : '_none active_'}`);
      const org = mine.filter((r) => r.sourceNow === 'org');
      const fallback = mine.filter((r) => r.fallsBackToHosted);
      const hosted = mine.filter((r) => r.sourceNow === 'hosted');
      const none = mine.filter((r) => r.sourceNow === 'none');
      if (org.length) parts.push(`  • with the org’s key: ${org.map(who).join(', ')}`);
      if (fallback.length) parts.push(`  • would fall back to hosted keys without it: ${fallback.map((r) => codeSpan(r.agent)).join(', ')}`);
      if (hosted.length) parts.push(`  • on Warden’s hosted key now: ${hosted.map(who).join(', ')}`);
      if (none.length) parts.push(`  • :warning: no key available now: ${none.map(who).join(', ')}`);
    }
  }
  parts.push('\nAs CSV: `GET /v1/agents/byok.csv` with an API key scoped to agent_registry.');
  const text = parts.join('\n');
  return { text, blocks: [section(text)] };
}

/** The reply once `/warden agents set` saved the agent. */
export function agentSaved(a: Pick<AgentRecord, 'name' | 'environment' | 'ownerTeam' | 'uses' | 'keyPolicies'> & { created: boolean }): string {
  const uses = [...providersOf(a)].map(([p, u]) => `${PROVIDER_LABELS[p]} for ${u.map(escapeMrkdwn).join(', ')} (${a.keyPolicies[p]})`).join('; ');
  return `:robot_face: ${a.created ? 'Registered' : 'Updated'} agent ${codeSpan(a.name)} in ${a.environment}, team *${escapeMrkdwn(a.ownerTeam)}*: ${uses}.`;
}
