import type { RevokeApiKeyInput, Signed } from '../../lib/contracts';
import { startProof } from '../actor-proof';
import { agentGovernance } from '../activity-options';

/** `/warden apikeys revoke <prefix>` after the confirmation click. */
export async function revokeApiKey(input: Signed<RevokeApiKeyInput>): Promise<{ revoked: boolean; name: string }> {
  return agentGovernance.revokeApiKey({ proof: startProof(input), requestId: input.requestId, actorSlackId: input.actorSlackId, prefix: input.prefix });
}
