import { QUOTA_FEATURES } from '../../../lib/contracts';
import { ingestModal } from '../../blocks/ingest-modal';
import { payerLine, usageLines } from '../../blocks/usage';
import { geminiPayer, mayIngestOrAuditDenial, NOT_BUILDER_MESSAGE, orgIdOf } from '../ingest-access';
import type { CommandHandler } from './types';

const TRIGGER_ERRORS = new Set(['expired_trigger_id', 'exchanged_trigger_id', 'invalid_arguments']);

/**
 * `/warden ingest`: opens the modal at once (the trigger id lives 3 s), then fills in this month's hosted usage
 * against the plan limits and who will pay, so the person sees both before starting.
 */
export const openIngestModal: CommandHandler<{ kind: 'ingest.modal' }> = async ({ command, client }, _parsed, deps) => {
  if (!(await mayIngestOrAuditDenial(deps, command.user_id, command.trigger_id))) return { text: NOT_BUILDER_MESSAGE };
  const meta = { channelId: command.channel_id };
  const limits = { maxDepth: deps.ingestSettings.crawl.maxDepth, maxPages: deps.ingestSettings.crawl.maxPages };
  let opened;
  try {
    opened = await client.views.open({ trigger_id: command.trigger_id, view: ingestModal(meta, limits) as never });
  } catch (err) {
    const slackError = (err as { data?: { error?: string } }).data?.error;
    if (slackError && TRIGGER_ERRORS.has(slackError)) {
      return { text: `:hourglass: Slack did not open the form in time (\`${slackError}\`). Run \`${command.command} ${command.text}\` again.` };
    }
    throw err;
  }
  const now = deps.clock();
  const orgId = orgIdOf({ teamId: command.team_id, enterpriseId: command.enterprise_id, isEnterpriseInstall: command.is_enterprise_install });
  const [usage, payer] = await Promise.all([deps.hostedQuotas.usage(orgId, QUOTA_FEATURES, now), geminiPayer(deps)]);
  const view = opened.view as { id?: string; hash?: string } | undefined;
  if (view?.id) {
    await client.views.update({ view_id: view.id, hash: view.hash, view: ingestModal(meta, limits, `${usageLines(usage, now, { byUser: false })}\n${payerLine(payer)}`) as never });
  }
  return undefined;
};
