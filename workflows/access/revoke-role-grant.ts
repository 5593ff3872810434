import { getExternalWorkflowHandle, log } from '@temporalio/workflow';
import type { RevokeRoleGrantInput } from '../../lib/contracts';
import { accessGovernance as access, slack } from '../activity-options';
import { bestEffort, describeFailure } from '../keys/progress-thread';
import { revokeGrantSignal } from '../messages';
import { raiseRotationIfAdmin } from './raise-departed-admin-rotation';

/**
 * Early revoke by an admin. A time-bound grant is revoked by its own request workflow, told by signal,
 * so its expiry timer ends cleanly and its approval message says so; any other grant is revoked here.
 */
export async function revokeRoleGrant(input: RevokeRoleGrantInput): Promise<{ revoked: number }> {
  let grants;
  try {
    grants = await access.findGrantsToRevoke(input);
  } catch (err) {
    await bestEffort('tell the admin', slack.notifyUser({ user: input.actorSlackId, text: `:no_entry: Nothing was revoked: ${describeFailure(err)}` }));
    throw err;
  }
  let direct = 0;
  for (const grant of grants) {
    if (grant.timerWorkflowId) {
      try {
        await getExternalWorkflowHandle(grant.timerWorkflowId).signal(revokeGrantSignal, { actorSlackId: input.actorSlackId, reason: input.reason });
        continue;
      } catch (err) {
        // The request workflow already finished (its timer fired just now): revoke the row here instead.
        log.info('Grant workflow not reachable; revoking directly', { grantId: grant.grantId, error: describeFailure(err) });
      }
    }
    await access.revokeGrant({ grantId: grant.grantId, actorSlackId: input.actorSlackId, reason: input.reason });
    await raiseRotationIfAdmin({ role: input.role, memberSlackId: input.memberSlackId, requestId: grant.grantId, onCall: input.onCall });
    direct += 1;
  }
  if (direct > 0) {
    await bestEffort(
      'tell the member',
      slack.notifyUser({ user: input.memberSlackId, text: `:lock: Your *${input.role}* role was revoked by <@${input.actorSlackId}>: ${input.reason}` }),
    );
  }
  return { revoked: grants.length };
}
