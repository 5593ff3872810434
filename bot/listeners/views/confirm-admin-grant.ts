import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { BotDeps } from '../../deps';
import { parseAdminGrantMetadata } from '../../inputs/grant-decision-input';
import { failureReply } from '../failure-reply';
import { closedMessage, refuseGrantClick, sendGrantDecision } from '../grant-decision';

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

/** "Grant admin" in the confirmation modal: the approval counts only now, and only if the workflow agrees. */
export function createConfirmAdminGrant(deps: BotDeps) {
  return async ({ ack, body, view, client }: ViewArgs): Promise<void> => {
    // Close the modal at once (Slack allows 3 s); the outcome arrives as an ephemeral in the approvers' channel.
    await ack();
    const clickerSlackId = body.user.id;
    const meta = parseAdminGrantMetadata(view.private_metadata);
    const channel = meta?.channel ?? deps.accessSettings.approversChannel;
    const say = (text: string) => client.chat.postEphemeral({ channel, user: clickerSlackId, text });
    const context = { clickerSlackId, viewId: view.id, workflowId: meta?.workflowId };
    deps.afterAck('confirm an admin grant', async () => {
      try {
        if (!meta) return void (await say('That confirmation is out of date; click Approve again.'));
        const grant = await deps.roleGrants.get(meta.grantId);
        const closed = closedMessage(grant);
        if (closed || !grant) return void (await say(closed ?? 'This request no longer exists.'));
        const refusal = await refuseGrantClick(deps, grant, { clickerSlackId, decision: 'approve', requestId: `${meta.grantId}:${view.id}` });
        if (refusal) return void (await say(`:no_entry: ${refusal}`));
        const result = await sendGrantDecision(deps, meta.workflowId, { approverSlackId: clickerSlackId, decision: 'approve', confirmedAdminGrant: true });
        await say(result.accepted ? `:ballot_box_with_check: ${result.message}` : `:no_entry: ${result.message}`);
      } catch (err) {
        await say(failureReply(err, deps.logger, context)).catch((e) => deps.logger.error('Could not report a failure', { ...context, err: e }));
      }
    });
  };
}
