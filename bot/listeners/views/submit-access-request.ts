import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { workflowIds } from '../../../lib/contracts';
import type { BotDeps } from '../../deps';
import { ACCESS_MODAL_BLOCKS, parseAccessModal } from '../../inputs/access-modal-input';
import { failureReply } from '../failure-reply';
import { startGrantRequest } from '../start-grant-request';

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

/** The request modal's submit: errors inline, else one request workflow per view (a double submit starts it once). */
export function createSubmitAccessRequest(deps: BotDeps) {
  return async ({ ack, body, view }: ViewArgs): Promise<void> => {
    const form = parseAccessModal(view.state.values as never);
    if (!form.ok) return void (await ack({ response_action: 'errors', errors: form.errors }));
    const teamId = body.team?.id ?? view.team_id;
    const workflowId = workflowIds.grantRequest(teamId, view.id);
    try {
      const outcome = await startGrantRequest(deps, { workflowId, requesterSlackId: body.user.id, ...form.input });
      if (!outcome.ok) {
        const block = outcome.field === 'member' ? ACCESS_MODAL_BLOCKS.member : ACCESS_MODAL_BLOCKS.reason;
        return void (await ack({ response_action: 'errors', errors: { [block]: outcome.text.replace(/^:[a-z_]+: /, '') } }));
      }
      // Closing the modal is the confirmation; the requester's DM from the workflow follows at once.
      await ack();
    } catch (err) {
      await ack({ response_action: 'errors', errors: { [ACCESS_MODAL_BLOCKS.reason]: failureReply(err, deps.logger, { workflowId, userId: body.user.id }) } });
    }
  };
}
