import { apiKeyWorkflowIds } from '../../../lib/contracts';
import type { AgentFields } from '../../../lib/agents/agent-shape';
import type { setAgent } from '../../../workflows';
import { agentList, agentSaved, byokAnswer } from '../../blocks/agents';
import { auditSlackDenial } from '../../middleware/require-admin';
import type { CommandHandler } from './types';

/** Anyone may see the registry: it names agents and teams, no keys. */
export const listAgents: CommandHandler<{ kind: 'agents.list' }> = async (_args, _c, deps) => agentList(await deps.agents.list());

/** The incident-drill question, answered in one message. */
export const showAgentsByok: CommandHandler<{ kind: 'agents.byok' }> = async (_args, _c, deps) => byokAnswer(await deps.byokReport());

/**
 * `/warden agents set …` for admins and builders (the role view answers fast; the workflow's activity checks the
 * database again). The reply waits for the short workflow, so the person sees the settled key policies.
 */
export const setAgentFromSlack: CommandHandler<{ kind: 'agents.set'; name: string; fields: AgentFields }> = async ({ command }, c, deps) => {
  const target = `${c.name}/${c.fields.environment}`;
  const roles = await deps.roles.activeRoles(command.user_id, deps.clock());
  if (!roles.includes('admin') && !roles.includes('builder')) {
    await auditSlackDenial(deps, { slackUserId: command.user_id, action: 'agent.registered', target, requestId: command.trigger_id }, 'admin or builder role not held');
    return { text: ':no_entry: Only admins and builders can register agents. Ask one, or request the builder role.' };
  }
  const workflowId = apiKeyWorkflowIds.setAgent(c.name, c.fields.environment, command.trigger_id);
  await deps.workflows.startOnce<typeof setAgent>('setAgent', {
    workflowId,
    actor: command.user_id,
    input: { requestId: workflowId, actorSlackId: command.user_id, agent: { name: c.name, ...c.fields } },
  });
  return { text: agentSaved(await deps.workflows.result<typeof setAgent>(workflowId)) };
};
