import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { DsarDecision } from '../../../lib/contracts';
import { dsarDenyModal } from '../../blocks/dsar-deny-modal';
import type { BotDeps } from '../../deps';
import { parseDsarButtonValue } from '../../inputs/dsar-decision-input';
import { closedDsarMessage, refuseDsarClick, sendDsarDecision } from '../dsar-decision';
import { failureReply } from '../failure-reply';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * Approve / Deny… on a data-subject request. Approve goes to the workflow at once; Deny opens a modal that
 * asks for the reason. A click that cannot count gets an ephemeral explanation and is audited.
 */
export function createDsarDecisionButton(deps: BotDeps, decision: DsarDecision['decision']) {
  return async ({ ack, body, action, respond, client }: ButtonArgs): Promise<void> => {
    await ack();
    const clickerSlackId = body.user.id;
    const say = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    const ref = parseDsarButtonValue(action.value);
    const context = { clickerSlackId, decision, workflowId: ref?.workflowId };
    try {
      if (!ref) return void (await say('This button is out of date.'));
      const request = await deps.dsar.requests.get(ref.workflowId);
      const closed = closedDsarMessage(request);
      if (closed || !request) return void (await say(closed ?? 'This request no longer exists.'));
      const refusal = await refuseDsarClick(deps, request, { clickerSlackId, decision, requestId: `${ref.workflowId}:${action.action_ts}` });
      if (refusal) return void (await say(`:no_entry: ${refusal}`));
      if (decision === 'deny') {
        const channel = body.channel?.id ?? deps.dsarSettings.channel;
        await client.views.open({ trigger_id: body.trigger_id, view: dsarDenyModal({ workflowId: ref.workflowId, channel }, request.subjectLabel) as never });
        return;
      }
      const result = await sendDsarDecision(deps, ref.workflowId, { approverSlackId: clickerSlackId, decision });
      await say(result.accepted ? `:ballot_box_with_check: ${result.message}` : `:no_entry: ${result.message}`);
    } catch (err) {
      await say(failureReply(err, deps.logger, context)).catch((e) => deps.logger.error('Could not report a failure', { ...context, err: e }));
    }
  };
}
