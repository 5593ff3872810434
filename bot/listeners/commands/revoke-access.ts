import { workflowIds } from '../../../lib/contracts';
import type { revokeRoleGrant } from '../../../workflows';
import type { AccessCommand } from '../../inputs/access-command';
import { isAdminOrAuditDenial } from '../../middleware/require-admin';
import type { CommandHandler } from './types';

type RevokeCommand = Extract<AccessCommand, { kind: 'access.revoke' }>;

/** `/warden access revoke @user role [reason]`: admins end a grant early (a time-bound grant's timer ends by signal). */
export const revokeAccess: CommandHandler<RevokeCommand> = async ({ command }, parsed, deps) => {
  const target = `${parsed.memberSlackId}/${parsed.role}`;
  if (!(await isAdminOrAuditDenial(deps, { slackUserId: command.user_id, action: 'access.revoke', target, requestId: command.trigger_id }))) {
    return { text: ':no_entry: Only org admins can revoke access.' };
  }
  const grants = await deps.roleGrants.activeGrants(parsed.memberSlackId, parsed.role, deps.clock());
  if (grants.length === 0) return { text: `<@${parsed.memberSlackId}> does not hold the *${parsed.role}* role; nothing to revoke.` };
  const workflowId = workflowIds.revokeGrant(parsed.memberSlackId, parsed.role, command.trigger_id);
  await deps.workflows.startOnce<typeof revokeRoleGrant>('revokeRoleGrant', {
    workflowId,
    actor: command.user_id,
    input: { requestId: workflowId, actorSlackId: command.user_id, memberSlackId: parsed.memberSlackId, role: parsed.role, reason: parsed.reason, onCall: deps.accessSettings.onCall },
  });
  return { text: `:lock: Revoking *${parsed.role}* from <@${parsed.memberSlackId}>; they will be told by DM.` };
};
