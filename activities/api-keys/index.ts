import { withActivityFailures } from '../activity-failure';
import type { ActivityDeps } from '../deps';
import { createSaveAgentFromSlack } from './agent-steps';
import { createRevokeApiKey, createRevokeRotatedApiKey, createStoreApiKey } from './api-key-steps';
import { createTellAgentTeams } from './tell-agent-teams';

/** The agent registry and scoped API keys (issue 12). */
export function createAgentAndApiKeyActivities(deps: ActivityDeps) {
  return withActivityFailures({
    saveAgentFromSlack: createSaveAgentFromSlack(deps),
    storeApiKey: createStoreApiKey(deps),
    revokeApiKey: createRevokeApiKey(deps),
    revokeRotatedApiKey: createRevokeRotatedApiKey(deps),
    tellAgentTeams: createTellAgentTeams(deps),
  });
}

export type AgentAndApiKeyActivities = ReturnType<typeof createAgentAndApiKeyActivities>;
