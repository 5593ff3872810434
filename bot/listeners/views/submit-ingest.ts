import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { workflowIds } from '../../../lib/contracts';
import type { BotDeps } from '../../deps';
import { INGEST_MODAL_BLOCKS, parseIngestModal, parseIngestModalMetadata } from '../../inputs/ingest-modal-input';
import { failureReply } from '../failure-reply';
import { auditIngestDenial, mayIngest, NOT_BUILDER_MESSAGE, orgIdOf } from '../ingest-access';
import { startIngestion } from '../start-ingestion';

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

/**
 * The ingestion modal's submit: validate in-process (errors inline), ack, then start the workflow with an id
 * derived from the view, so a Slack retry or a double click starts it once. Files are only named here: their types and
 * sizes are checked from files.info and their bytes, per item, with the rest going on.
 */
export function createSubmitIngest(deps: BotDeps) {
  return async ({ ack, body, view, client }: ViewArgs): Promise<void> => {
    const userId = body.user.id;
    const meta = parseIngestModalMetadata(view.private_metadata);
    if (!meta) {
      await ack({ response_action: 'errors', errors: { [INGEST_MODAL_BLOCKS.files]: 'This form is out of date. Close it and run /warden ingest again.' } });
      return;
    }
    const limits = { maxDepth: deps.ingestSettings.crawl.maxDepth, maxPages: deps.ingestSettings.crawl.maxPages };
    const form = parseIngestModal(view.state.values, limits, deps.allowedPrivateHosts);
    if (!form.ok) {
      await ack({ response_action: 'errors', errors: form.errors });
      return;
    }
    const teamId = body.team?.id ?? body.enterprise?.id ?? view.team_id;
    const workflowId = workflowIds.ingestFromModal(teamId, view.id);
    const context = { workflowId, userId, viewId: view.id, items: form.items.length };
    // Acknowledged first: the role comes from the in-memory role view; the workflow checks again as the authority.
    if (!(await mayIngest(deps, userId))) {
      await ack({ response_action: 'errors', errors: { [INGEST_MODAL_BLOCKS.files]: NOT_BUILDER_MESSAGE } });
      await auditIngestDenial(deps, userId, workflowId).catch((err) => deps.logger.error('Could not audit a refused ingestion', { ...context, err }));
      return;
    }
    await ack();
    const tell = (text: string) =>
      client.chat.postEphemeral({ channel: meta.channelId, user: userId, text }).catch((err) => deps.logger.warn('Could not tell the user about the ingestion', { ...context, err }));
    try {
      const orgId = orgIdOf({ teamId: body.team?.id, enterpriseId: body.enterprise?.id, isEnterpriseInstall: body.is_enterprise_install });
      const { started, runUrl } = await startIngestion(deps, { workflowId, actorSlackId: userId, orgId, channelId: meta.channelId, source: 'modal', items: form.items, options: form.options });
      if (!started) return;
      await tell(`:inbox_tray: Ingesting ${form.items.length} item${form.items.length === 1 ? '' : 's'}. Progress and the summary are in a thread here (or in your DMs); <${runUrl}|workflow run>.`);
    } catch (err) {
      // Nothing started: say why, so the person can submit again.
      await tell(`${failureReply(err, deps.logger, context)} Run \`/warden ingest\` again to retry.`);
    }
  };
}
