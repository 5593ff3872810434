import { workflowIds } from '../../../lib/contracts';
import type { AccessCommand } from '../../inputs/access-command';
import { startGrantRequest } from '../start-grant-request';
import type { CommandHandler } from './types';

type RequestCommand = Extract<AccessCommand, { kind: 'access.request' }>;

/** `/warden access request @user role [for 8h] reason`: starts one request workflow per Slack request. */
export const requestAccess: CommandHandler<RequestCommand> = async ({ command }, parsed, deps) => {
  const outcome = await startGrantRequest(deps, {
    workflowId: workflowIds.grantRequest(command.team_id, command.trigger_id),
    requesterSlackId: command.user_id,
    memberSlackId: parsed.memberSlackId,
    role: parsed.role,
    durationSeconds: parsed.durationSeconds,
    reason: parsed.reason,
  });
  return { text: outcome.ok || outcome.field !== 'member' ? outcome.text : `:warning: ${outcome.text}` };
};
