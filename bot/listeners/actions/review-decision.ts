import type { AllMiddlewareArgs, BlockButtonAction, BlockStaticSelectAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { ROLES, workflowIds, type ReviewDecisionKind } from '../../../lib/contracts';
import type { recordReviewDecision } from '../../../workflows';
import type { BotDeps } from '../../deps';
import { failureReply } from '../failure-reply';

type Args = SlackActionMiddlewareArgs<BlockButtonAction | BlockStaticSelectAction> & AllMiddlewareArgs;
const actionValue = z.object({ itemId: z.uuid(), role: z.enum(ROLES).optional() });

function parseValue(raw: string | undefined) {
  try {
    return actionValue.safeParse(JSON.parse(raw ?? '')).data ?? null;
  } catch {
    return null;
  }
}

/**
 * Keep / Revoke / Change role in a reviewer's DM. Each click runs its own small workflow (id from the
 * click) and the reviewer is told at once whether it counted.
 */
export function createReviewDecision(deps: BotDeps, decision: ReviewDecisionKind) {
  return async ({ ack, body, action, respond }: Args): Promise<void> => {
    await ack();
    const userId = body.user.id;
    const say = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    const raw = action.type === 'static_select' ? action.selected_option?.value : action.value;
    const value = parseValue(raw);
    const context = { userId, decision, itemId: value?.itemId };
    try {
      if (!value || (decision === 'change_role' && !value.role)) return void (await say('This control is out of date.'));
      const item = await deps.reviews.getItem(value.itemId);
      if (!item) return void (await say('This review item no longer exists.'));
      if (!(await deps.members.findBySlackId(userId))) return void (await say(':no_entry: Only registered members can review.'));
      const workflowId = workflowIds.reviewDecision(item.id, action.action_ts);
      // A redelivered click finds the run it already started, and waits for the same answer.
      await deps.workflows.startOnce<typeof recordReviewDecision>('recordReviewDecision', {
        workflowId,
        actor: userId,
        input: { requestId: workflowId, itemId: item.id, reviewerSlackId: userId, decision, newRole: value.role ?? null },
      });
      const result = await deps.workflows.result<typeof recordReviewDecision>(workflowId);
      await say(result.accepted ? `:ballot_box_with_check: ${result.message}` : `:no_entry: ${result.message}`);
    } catch (err) {
      await say(failureReply(err, deps.logger, context)).catch((e) => deps.logger.error('Could not report a failure', { ...context, err: e }));
    }
  };
}
