import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { workflowIds } from '../../../lib/contracts';
import { dsarRequestModal } from '../../blocks/dsar-request-modal';
import { statusModal } from '../../blocks/status-modal';
import type { BotDeps } from '../../deps';
import { parseDsarModal, parseDsarModalMetadata, type DsarModalInput } from '../../inputs/dsar-modal-input';
import { refuseWithoutDsarRole } from '../../middleware/require-dsar-role';
import { failureReply } from '../failure-reply';
import { openDsarRequest } from '../open-dsar-request';

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

/**
 * The request form's submit, acknowledged first: the form is checked in process (errors inline), the ack shows
 * "Opening your request…", then the subject is sealed and the workflow started (one per view: a double submit
 * opens it once). The outcome replaces the form; a failure brings it back, filled in, with the reason.
 */
export function createSubmitDsarRequest(deps: BotDeps) {
  return async ({ ack, body, view, client }: ViewArgs): Promise<void> => {
    const meta = parseDsarModalMetadata(view.private_metadata);
    if (!meta) return void (await ack({ response_action: 'update', view: statusModal('Data-subject request', ':warning: This form is out of date; run `/warden dsar export` or `erase` again.') as never }));
    const s = deps.dsarSettings;
    const form = parseDsarModal(view.state.values as never, Object.keys(s.regimes));
    if (!form.ok) return void (await ack({ response_action: 'errors', errors: form.errors }));
    const userId = body.user.id;
    const teamId = body.team?.id ?? view.team_id;
    const workflowId = workflowIds.dsarRequest(teamId, view.id);
    const context = { workflowId, userId };
    const title = meta.request === 'export' ? 'Data export request' : 'Data erasure request';
    const refusal = await refuseWithoutDsarRole(deps, { slackUserId: userId, action: `dsar.${meta.request}.request`, requestId: view.id });
    if (refusal) return void (await ack({ response_action: 'update', view: statusModal(title, refusal) as never }));
    await ack({ response_action: 'update', view: statusModal(title, ':hourglass_flowing_sand: Opening your request…') as never });
    const show = (next: object) => client.views.update({ view_id: view.id, view: next as never }).catch((err: unknown) => deps.logger.error('Could not update the data-subject request form', { ...context, err }));
    const again = (input: DsarModalInput, problem: string) => dsarRequestModal(meta.request, userId, { names: Object.keys(s.regimes), defaultRegime: s.defaultRegime }, { ...input, problem });
    deps.afterAck('open a data-subject request', async () => {
      const input = form.input;
      try {
        const opened = await openDsarRequest(deps, {
          workflowId,
          requesterSlackId: userId,
          request: meta.request,
          subject: input.subject,
          regime: input.regime,
          verification: { method: input.method, verifiedBySlackId: input.verifierSlackId, note: input.note },
          reason: input.reason,
        });
        await show(opened.ok ? statusModal(title, opened.text) : again(input, opened.text));
      } catch (err) {
        await show(again(input, failureReply(err, deps.logger, context)));
      }
    });
  };
}
