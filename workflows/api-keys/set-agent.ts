import type { AgentRecord, SetAgentInput, Signed } from '../../lib/contracts';
import { startProof } from '../actor-proof';
import { agentGovernance } from '../activity-options';

/** `/warden agents set …`: the agent saved as the person described it, or a refusal saying why. */
export async function setAgent(input: Signed<SetAgentInput>): Promise<Omit<AgentRecord, 'updatedAt'> & { created: boolean }> {
  return agentGovernance.saveAgentFromSlack({ proof: startProof(input), requestId: input.requestId, actorSlackId: input.actorSlackId, agent: input.agent });
}
