import { getExternalWorkflowHandle, log, ParentClosePolicy, startChild, WorkflowIdReusePolicy } from '@temporalio/workflow';
import {
  assertedAction,
  GRANT_MESSAGES,
  type AccessWorkflowSettings,
  type ReviewRoleRequest,
  type ReviewTally,
  type SettleReviewBatchInput,
  type Signed,
} from '../../lib/contracts';
import { startProof } from '../actor-proof';
import { accessGovernance, reviewGovernance, slack, trust } from '../activity-options';
import { raiseRotationIfAdmin } from '../access/raise-departed-admin-rotation';
import { roleGrantRequest } from '../access/role-grant-request';
import { revokeGrantSignal } from '../messages';
import { bestEffort, describeFailure } from '../workflow-helpers';

/**
 * One batch of a closing review, in its own workflow so the review's history stays small at any size.
 * Revocations go through the grant workflows: a time-bound grant's request workflow is signalled (its
 * timer ends, its message and DM say why); the activity revoked the others with the same grant rules.
 * A reviewer's "change role" never grants anything here: it opens a normal access request for the new
 * role, asked by the reviewer and approved by someone else under the usual rules.
 */
export async function settleReviewBatch(input: Signed<SettleReviewBatchInput>): Promise<{ next: string | null; tally: ReviewTally }> {
  const proof = startProof(input);
  const { next, tally, signals, revokedAdmins, roleRequests } = await reviewGovernance.settleReviewItems({ proof });
  for (const s of signals) {
    const request = { actorSlackId: s.actorSlackId, reason: s.reason };
    try {
      const assertion = await trust.assertForWorkflow({ actor: s.actorSlackId, action: assertedAction.signal(GRANT_MESSAGES.revoke), workflowId: s.workflowId, args: request });
      await getExternalWorkflowHandle(s.workflowId).signal(revokeGrantSignal, { ...request, assertion });
    } catch (err) {
      log.info('Grant workflow not reachable; revoking directly', { grantId: s.grantId, error: describeFailure(err) });
      await accessGovernance.revokeGrant({ grantId: s.grantId, actorSlackId: s.actorSlackId, reason: s.reason, proof });
    }
  }
  for (const admin of revokedAdmins) {
    await raiseRotationIfAdmin({ role: 'admin', memberSlackId: admin.memberSlackId, requestId: admin.grantId, onCall: input.onCall });
  }
  for (const r of roleRequests) await requestNewRole(r, input.access);
  return { next, tally };
}

/** The access request a reviewer's "change role" turns into, started on the reviewer's behalf. */
async function requestNewRole(r: ReviewRoleRequest, settings: AccessWorkflowSettings): Promise<void> {
  const workflowId = `access-request:review:${r.itemId}`;
  const args = {
    requestId: workflowId,
    requesterSlackId: r.requesterSlackId,
    memberSlackId: r.memberSlackId,
    role: r.role,
    durationSeconds: null,
    ...(r.endsAt ? { endsAt: r.endsAt } : {}),
    reason: `Membership review: the reviewer changed this member's role from ${r.fromRole} to ${r.role}.`,
    settings,
  };
  try {
    const assertion = await trust.assertForWorkflow({ actor: r.requesterSlackId, action: assertedAction.start('roleGrantRequest'), workflowId, args });
    await startChild(roleGrantRequest, {
      workflowId,
      args: [{ ...args, assertion }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      // One request per review item, even when this batch is retried.
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
  } catch (err) {
    log.info('Role request for a review item not started (already started, or refused)', { itemId: r.itemId, error: describeFailure(err) });
    return;
  }
  await bestEffort(
    'tell the member',
    slack.notifyUser({
      user: r.memberSlackId,
      text: `:clipboard: The membership review ended your *${r.fromRole}* role. <@${r.requesterSlackId}> asked for *${r.role}* instead; it starts once someone else approves it.`,
    }),
  );
}
