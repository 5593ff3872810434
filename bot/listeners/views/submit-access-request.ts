import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { workflowIds } from '../../../lib/contracts';
import { accessRequestModal } from '../../blocks/access-request-modal';
import { statusModal } from '../../blocks/status-modal';
import type { BotDeps } from '../../deps';
import { parseAccessModal } from '../../inputs/access-modal-input';
import { failureReply } from '../failure-reply';
import { startGrantRequest } from '../start-grant-request';

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

/**
 * The request modal's submit, acknowledged first: the form is checked in process (errors inline), the ack
 * shows "Sending your request…", and only then are membership and break-glass checked and the workflow
 * started (one per view: a double submit starts it once). The outcome replaces the modal; a refusal brings
 * the form back, filled in, with the reason.
 */
export function createSubmitAccessRequest(deps: BotDeps) {
  return async ({ ack, body, view, client }: ViewArgs): Promise<void> => {
    const form = parseAccessModal(view.state.values as never);
    if (!form.ok) return void (await ack({ response_action: 'errors', errors: form.errors }));
    const userId = body.user.id;
    const teamId = body.team?.id ?? view.team_id;
    const workflowId = workflowIds.grantRequest(teamId, view.id);
    const context = { workflowId, userId };
    await ack({ response_action: 'update', view: statusModal('Request access', `:hourglass_flowing_sand: Sending your request for *${form.input.role}*…`) as never });
    const show = (next: object) =>
      client.views.update({ view_id: view.id, view: next as never }).catch((err: unknown) => deps.logger.error('Could not update the access request modal', { ...context, err }));
    try {
      const outcome = await startGrantRequest(deps, { workflowId, requesterSlackId: userId, ...form.input });
      await show(outcome.ok ? statusModal('Request access', outcome.text) : accessRequestModal(userId, { ...form.input, problem: outcome.text }));
    } catch (err) {
      await show(accessRequestModal(userId, { ...form.input, problem: failureReply(err, deps.logger, context) }));
    }
  };
}
