import type { ActorAssertion, Unsigned } from '../../lib/contracts';
import type { ActorAssertions } from '../../lib/crypto';
import { withActivityFailures } from '../activity-failure';
import { currentWorkflowId } from '../audit/audit-step';

export { requireActor, type ActorCheck } from './require-actor';

/**
 * Assertions Warden mints for itself: for a child workflow it starts, or for a signal it sends to another
 * workflow on behalf of a person this workflow has already proven. Only Warden's own workflow code calls this
 * activity, and only with an actor it verified; the workflow that asked is recorded as `via`.
 */
export function createTrustActivities(d: { actorAssertions: ActorAssertions }) {
  return withActivityFailures({
    async assertForWorkflow(input: { actor: string; action: string; workflowId: string; args: Unsigned<object> }): Promise<ActorAssertion> {
      return d.actorAssertions.sign({ ...input, via: currentWorkflowId() });
    },
  });
}

export type TrustActivities = ReturnType<typeof createTrustActivities>;
