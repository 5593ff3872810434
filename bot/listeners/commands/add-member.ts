import { escapeMrkdwn, workflowIds } from '../../../lib/contracts';
import type { registerMember } from '../../../workflows';
import type { AccessCommand } from '../../inputs/access-command';
import { isAdminOrAuditDenial } from '../../middleware/require-admin';
import type { CommandHandler } from './types';

type MemberAddCommand = Extract<AccessCommand, { kind: 'access.member-add' }>;

/** `/warden access member add @user email …`: admins name the people whose requests and clicks count. */
export const addMember: CommandHandler<MemberAddCommand> = async ({ command, client }, parsed, deps) => {
  if (!(await isAdminOrAuditDenial(deps, { slackUserId: command.user_id, action: 'member.register', target: parsed.slackUserId, requestId: command.trigger_id }))) {
    return { text: ':no_entry: Only org admins can register members.' };
  }
  // Slack's profile gives the display name and tells a bot user apart; the email stays the one the admin typed.
  const profile = await client.users.info({ user: parsed.slackUserId }).catch(() => null);
  const user = profile?.user;
  if (user?.deleted) return { text: `:warning: <@${parsed.slackUserId}> is a deactivated Slack account.` };
  const workflowId = workflowIds.registerMember(parsed.slackUserId, command.trigger_id);
  const input = {
    requestId: workflowId,
    actorSlackId: command.user_id,
    slackUserId: parsed.slackUserId,
    email: parsed.email,
    displayName: user?.real_name || user?.name || parsed.email.split('@')[0] || parsed.email,
    contractor: parsed.contractor,
    utilityAccount: parsed.utilityAccount || user?.is_bot === true,
    managerSlackId: parsed.managerSlackId,
  };
  await deps.workflows.startOnce<typeof registerMember>('registerMember', { workflowId, actor: command.user_id, input });
  return { text: `:bust_in_silhouette: Registering <@${parsed.slackUserId}> (${escapeMrkdwn(parsed.email)}); you will get a DM when it is done.` };
};
