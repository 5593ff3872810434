import { workflowIds } from '../../../lib/contracts';
import type { membershipReview } from '../../../workflows';
import { isAdminOrAuditDenial } from '../../middleware/require-admin';
import type { CommandHandler } from './types';

/** `/warden access review start`: an admin opens a membership review now (the schedule opens one quarterly). */
export const startReview: CommandHandler<{ kind: 'access.review-start' }> = async ({ command }, _parsed, deps) => {
  if (!(await isAdminOrAuditDenial(deps, { slackUserId: command.user_id, action: 'review.start', target: 'membership', requestId: command.trigger_id }))) {
    return { text: ':no_entry: Only org admins can start a membership review.' };
  }
  const workflowId = workflowIds.membershipReview(command.trigger_id);
  await deps.workflows.startOnce<typeof membershipReview>('membershipReview', {
    workflowId,
    actor: command.user_id,
    input: { settings: deps.reviewSettings, startedBySlackId: command.user_id },
  });
  return { text: `:clipboard: Membership review \`${workflowId}\` is opening; reviewers get their DMs and compliance is told in <#${deps.reviewSettings.complianceChannel}>.` };
};
