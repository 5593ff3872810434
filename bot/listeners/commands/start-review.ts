import { WorkflowIdReusePolicy } from '@temporalio/client';
import { workflowIds, type MembershipReviewInput } from '../../../lib/contracts';
import type { membershipReview } from '../../../workflows';
import { isAdminOrAuditDenial } from '../../middleware/require-admin';
import type { CommandHandler } from './types';

/** `/warden access review start`: an admin opens a membership review now (the schedule opens one quarterly). */
export const startReview: CommandHandler<{ kind: 'access.review-start' }> = async ({ command }, _parsed, deps) => {
  if (!(await isAdminOrAuditDenial(deps, { slackUserId: command.user_id, action: 'review.start', target: 'membership', requestId: command.trigger_id }))) {
    return { text: ':no_entry: Only org admins can start a membership review.' };
  }
  const workflowId = workflowIds.membershipReview(command.trigger_id);
  const input: MembershipReviewInput = { settings: deps.reviewSettings, startedBySlackId: command.user_id };
  await deps.temporal.workflow.start<typeof membershipReview>('membershipReview', {
    workflowId,
    taskQueue: deps.taskQueue,
    args: [input],
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
  });
  return { text: `:clipboard: Membership review \`${workflowId}\` is opening; reviewers get their DMs and compliance is told in <#${deps.reviewSettings.complianceChannel}>.` };
};
