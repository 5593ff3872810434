import { sleep } from '@temporalio/workflow';
import type { Signed } from '../../lib/contracts';
import { startProof } from '../actor-proof';
import { agentGovernance } from '../activity-options';

/**
 * Both keys of a rotation work until the overlap ends; then the old one is revoked. The timer is Temporal's,
 * so a worker restart (or a week of downtime) neither loses nor restarts it. The key API also stops accepting
 * the old key at overlapEndsAt by itself, so a late worker never extends the overlap.
 */
export async function endApiKeyOverlap(input: Signed<{ prefix: string; overlapEndsAt: string; requestId: string }>): Promise<{ revoked: boolean }> {
  const waitMs = new Date(input.overlapEndsAt).getTime() - Date.now();
  if (waitMs > 0) await sleep(waitMs);
  return agentGovernance.revokeRotatedApiKey({ proof: startProof(input), prefix: input.prefix, requestId: input.requestId });
}
