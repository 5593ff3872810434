import { getExternalWorkflowHandle, log } from '@temporalio/workflow';
import { assertedAction, escapeMrkdwn, GRANT_MESSAGES, type RevokeRoleGrantInput, type Signed } from '../../lib/contracts';
import { startProof } from '../actor-proof';
import { accessGovernance as access, slack, trust } from '../activity-options';
import { revokeGrantSignal } from '../messages';
import { bestEffort, describeFailure } from '../workflow-helpers';
import { raiseRotationIfAdmin } from './raise-departed-admin-rotation';

/**
 * Early revoke by an admin. A time-bound grant is revoked by its own request workflow, told by signal,
 * so its expiry timer ends cleanly and its approval message says so; any other grant is revoked here.
 */
export async function revokeRoleGrant(input: Signed<RevokeRoleGrantInput>): Promise<{ revoked: number }> {
  const proof = startProof(input);
  let grants;
  try {
    grants = await access.findGrantsToRevoke({ proof, actorSlackId: input.actorSlackId, memberSlackId: input.memberSlackId, role: input.role, requestId: input.requestId });
  } catch (err) {
    await bestEffort('tell the admin', slack.notifyUser({ user: input.actorSlackId, text: `:no_entry: Nothing was revoked: ${describeFailure(err)}` }));
    throw err;
  }
  let direct = 0;
  for (const grant of grants) {
    if (grant.timerWorkflowId && (await signalGrantWorkflow(grant.timerWorkflowId, input))) continue;
    await access.revokeGrant({ grantId: grant.grantId, actorSlackId: input.actorSlackId, reason: input.reason, proof });
    await raiseRotationIfAdmin({ role: input.role, memberSlackId: input.memberSlackId, requestId: grant.grantId, onCall: input.onCall });
    direct += 1;
  }
  if (direct > 0) {
    await bestEffort(
      'tell the member',
      slack.notifyUser({ user: input.memberSlackId, text: `:lock: Your *${input.role}* role was revoked by <@${input.actorSlackId}>: ${escapeMrkdwn(input.reason)}` }),
    );
  }
  return { revoked: grants.length };
}

/** Tells the grant's own workflow, on behalf of the admin proven above; false when it has already finished. */
async function signalGrantWorkflow(workflowId: string, input: RevokeRoleGrantInput): Promise<boolean> {
  const request = { actorSlackId: input.actorSlackId, reason: input.reason };
  try {
    const assertion = await trust.assertForWorkflow({ actor: input.actorSlackId, action: assertedAction.signal(GRANT_MESSAGES.revoke), workflowId, args: request });
    await getExternalWorkflowHandle(workflowId).signal(revokeGrantSignal, { ...request, assertion });
    return true;
  } catch (err) {
    // The request workflow already finished (its timer fired just now): revoke the row here instead.
    log.info('Grant workflow not reachable; revoking directly', { workflowId, error: describeFailure(err) });
    return false;
  }
}
