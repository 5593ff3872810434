import { codeSpan, PROVIDER_LABELS, type KeyEnvironment, type Provider, type SlackMessageRef } from '../../lib/contracts';
import type { ImpactAgent } from '../../lib/slack/blocks/runbook';
import { auditStepKey } from '../audit/audit-step';
import type { ActivityDeps } from '../deps';

/**
 * The key-leak runbook's impact step: each team contact recorded on an affected agent gets one DM naming their
 * agents and the incident thread. Exactly once per contact and incident, whatever the retries (the Slack
 * activities' ledger marks each post).
 */
export function createTellAgentTeams(d: Pick<ActivityDeps, 'slack' | 'audit'>) {
  return async function tellAgentTeams(input: { incidentId: string; provider: Provider; environment: KeyEnvironment; agents: ImpactAgent[]; thread: SlackMessageRef }): Promise<{ told: string[] }> {
    const byContact = new Map<string, ImpactAgent[]>();
    for (const a of input.agents) if (a.teamContact) byContact.set(a.teamContact, [...(byContact.get(a.teamContact) ?? []), a]);
    for (const [contact, agents] of byContact) {
      const names = agents.map((a) => `${codeSpan(a.agent)} (team ${a.ownerTeam})`).join(', ');
      await d.slack.sendDirectMessage({
        user: contact,
        text:
          `:rotating_light: The org's ${PROVIDER_LABELS[input.provider]} ${input.environment} key leaked (incident ${input.incidentId}). ` +
          `Your agents ${names} call it; they may fail until the replacement key is active. Follow the incident thread in <#${input.thread.channel}>.`,
      });
    }
    const told = [...byContact.keys()];
    if (told.length) {
      await d.audit.append({ ...auditStepKey(), actor: 'warden', action: 'incident.agent_teams_told', target: input.incidentId, outcome: 'succeeded', details: { contacts: told, agents: input.agents.map((a) => a.agent) } });
    }
    return { told };
  };
}
