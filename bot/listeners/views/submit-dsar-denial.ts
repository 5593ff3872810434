import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { BotDeps } from '../../deps';
import { parseDsarDenial, parseDsarDenyMetadata } from '../../inputs/dsar-decision-input';
import { closedDsarMessage, refuseDsarClick, sendDsarDecision } from '../dsar-decision';
import { failureReply } from '../failure-reply';

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

/**
 * The deny modal's submit: an empty reason is refused inline (the modal stays open with the message under the
 * field); otherwise the modal closes at once and the denial goes to the workflow, whose answer arrives as an
 * ephemeral message in the compliance channel.
 */
export function createSubmitDsarDenial(deps: BotDeps) {
  return async ({ ack, body, view, client }: ViewArgs): Promise<void> => {
    const form = parseDsarDenial(view.state.values as never);
    if (!form.ok) return void (await ack({ response_action: 'errors', errors: form.errors }));
    await ack();
    const clickerSlackId = body.user.id;
    const meta = parseDsarDenyMetadata(view.private_metadata);
    const channel = meta?.channel ?? deps.dsarSettings.channel;
    const say = (text: string) => client.chat.postEphemeral({ channel, user: clickerSlackId, text });
    const context = { clickerSlackId, viewId: view.id, workflowId: meta?.workflowId };
    deps.afterAck('deny a data-subject request', async () => {
      try {
        if (!meta) return void (await say('That form is out of date; click Deny again.'));
        const request = await deps.dsar.requests.get(meta.workflowId);
        const closed = closedDsarMessage(request);
        if (closed || !request) return void (await say(closed ?? 'This request no longer exists.'));
        const refusal = await refuseDsarClick(deps, request, { clickerSlackId, decision: 'deny', requestId: `${meta.workflowId}:${view.id}` });
        if (refusal) return void (await say(`:no_entry: ${refusal}`));
        const result = await sendDsarDecision(deps, meta.workflowId, { approverSlackId: clickerSlackId, decision: 'deny', reason: form.reason });
        await say(result.accepted ? `:ballot_box_with_check: ${result.message}` : `:no_entry: ${result.message}`);
      } catch (err) {
        await say(failureReply(err, deps.logger, context)).catch((e) => deps.logger.error('Could not report a failure', { ...context, err: e }));
      }
    });
  };
}
