import { codeSpan, escapeMrkdwn, type KeyEnvironment, type Provider } from '../contracts';
import type { ByokReport, ByokRow } from './byok-report';

/** The agents that call this provider in this environment with the org's key right now: who a key's trouble reaches. */
export async function agentsOnOrgKey(byokReport: ByokReport, provider: Provider, environment: KeyEnvironment): Promise<ByokRow[]> {
  return (await byokReport({ provider, environment })).filter((r) => r.sourceNow === 'org');
}

/** One mrkdwn line naming the agents and their owning teams, for alerts and reminders. */
export function affectedAgentsLine(rows: ByokRow[]): string {
  if (rows.length === 0) return 'No registered agent uses this key (`/warden agents byok`).';
  const teams = [...new Set(rows.map((r) => r.ownerTeam))].sort().map(escapeMrkdwn);
  return `Agents using this key: ${rows.map((r) => `${codeSpan(r.agent)} (team ${escapeMrkdwn(r.ownerTeam)})`).join(', ')}. Teams to tell: ${teams.join(', ')}.`;
}

/** Each team contact recorded on these agents, with the agents of theirs concerned. */
export function contactsOf(rows: ByokRow[]): Map<string, ByokRow[]> {
  const out = new Map<string, ByokRow[]>();
  for (const r of rows) if (r.teamContact) out.set(r.teamContact, [...(out.get(r.teamContact) ?? []), r]);
  return out;
}
