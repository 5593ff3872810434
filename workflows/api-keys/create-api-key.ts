import { ParentClosePolicy, startChild, WorkflowIdReusePolicy } from '@temporalio/workflow';
import { apiKeyWorkflowIds, assertedAction, SYSTEM_ACTOR, type CreateApiKeyInput, type CreatedApiKey, type Signed } from '../../lib/contracts';
import { startProof } from '../actor-proof';
import { agentGovernance, trust } from '../activity-options';
import { endApiKeyOverlap } from './end-api-key-overlap';

/**
 * `/warden apikeys create` (from the modal) and `/warden apikeys rotate <prefix>`: the bot generated the key and
 * shows it to the admin once; this stores its keyed hash. A rotation then hands the old key to its own workflow,
 * whose durable timer revokes it when the overlap ends (so this one answers the admin at once).
 */
export async function createApiKey(input: Signed<CreateApiKeyInput>): Promise<CreatedApiKey> {
  const { assertion: _assertion, ...fields } = input;
  const created = await agentGovernance.storeApiKey({ ...fields, proof: startProof(input) });
  if (created.replacedPrefix && created.overlapEndsAt) await startOverlapTimer(created.replacedPrefix, created.overlapEndsAt, input.requestId);
  return created;
}

async function startOverlapTimer(prefix: string, overlapEndsAt: string, requestId: string): Promise<void> {
  const workflowId = apiKeyWorkflowIds.overlap(prefix);
  const args = { prefix, overlapEndsAt, requestId };
  const assertion = await trust.assertForWorkflow({ actor: SYSTEM_ACTOR, action: assertedAction.start('endApiKeyOverlap'), workflowId, args });
  await startChild(endApiKeyOverlap, {
    workflowId,
    args: [{ ...args, assertion }],
    // The timer outlives this workflow; one per rotated key, even when a retried step asks again.
    parentClosePolicy: ParentClosePolicy.ABANDON,
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
  });
}
