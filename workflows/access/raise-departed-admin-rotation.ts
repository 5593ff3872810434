import { ParentClosePolicy, startChild, WorkflowIdReusePolicy } from '@temporalio/workflow';
import { assertedAction, SYSTEM_ACTOR, workflowIds, type OnCallSettings, type Role } from '../../lib/contracts';
import { trust } from '../activity-options';
import { raiseRotateKeysForDepartedAdmin } from '../health/raise-rotate-keys-for-departed-admin';
import { bestEffort } from '../workflow-helpers';

/**
 * An admin or builder role ended (revoked or expired): ask for the keys that person could see (admins: every
 * provider key) or owns (the API keys they made) to be rotated. The rotation notice is its own workflow, so it
 * neither delays nor fails the access change.
 */
export async function raiseRotationIfAdmin(p: { role: Role; memberSlackId: string; requestId: string; onCall: OnCallSettings }): Promise<void> {
  if (p.role !== 'admin' && p.role !== 'builder') return;
  const workflowId = workflowIds.departedAdminRotation(p.memberSlackId, p.requestId);
  const args = { slackUserId: p.memberSlackId, requestId: p.requestId, settings: p.onCall, role: p.role };
  await bestEffort(
    "ask for the departed admin's keys to be rotated",
    (async () => {
      const assertion = await trust.assertForWorkflow({ actor: SYSTEM_ACTOR, action: assertedAction.start('raiseRotateKeysForDepartedAdmin'), workflowId, args });
      await startChild(raiseRotateKeysForDepartedAdmin, {
        workflowId,
        args: [{ ...args, assertion }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        // One notice per ended grant, even when a retried step asks again.
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
    })(),
  );
}
