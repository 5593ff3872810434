import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { GrantDecision } from '../../../lib/contracts';
import { adminGrantConfirmation } from '../../blocks/admin-grant-confirmation';
import type { BotDeps } from '../../deps';
import { parseGrantButtonValue } from '../../inputs/grant-decision-input';
import { failureReply } from '../failure-reply';
import { closedMessage, refuseGrantClick, sendGrantDecision } from '../grant-decision';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * Approve / Deny on an access request. A click that cannot count gets an ephemeral explanation and is
 * audited; the approval message itself changes only when the workflow accepts a decision.
 */
export function createGrantDecisionButton(deps: BotDeps, decision: GrantDecision['decision']) {
  return async ({ ack, body, action, respond, client }: ButtonArgs): Promise<void> => {
    await ack();
    const clickerSlackId = body.user.id;
    const say = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    const ref = parseGrantButtonValue(action.value);
    const context = { clickerSlackId, decision, workflowId: ref?.workflowId };
    try {
      if (!ref) return void (await say('This button is out of date.'));
      const grant = await deps.roleGrants.get(ref.grantId);
      const closed = closedMessage(grant);
      if (closed || !grant) return void (await say(closed ?? 'This request no longer exists.'));
      const refusal = await refuseGrantClick(deps, grant, { clickerSlackId, decision, requestId: `${ref.grantId}:${action.action_ts}` });
      if (refusal) return void (await say(`:no_entry: ${refusal}`));
      if (decision === 'approve' && grant.role === 'admin') {
        // Admin grants need an explicit second step that shows exactly what is being granted.
        const channel = body.channel?.id ?? deps.accessSettings.approversChannel;
        await client.views.open({ trigger_id: body.trigger_id, view: adminGrantConfirmation(grant, { ...ref, channel }) });
        return;
      }
      const result = await sendGrantDecision(deps, ref.workflowId, { approverSlackId: clickerSlackId, decision });
      await say(result.accepted ? `:ballot_box_with_check: ${result.message}` : `:no_entry: ${result.message}`);
    } catch (err) {
      await say(failureReply(err, deps.logger, context)).catch((e) => deps.logger.error('Could not report a failure', { ...context, err: e }));
    }
  };
}
