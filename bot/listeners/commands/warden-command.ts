import { HELP_TEXT } from '../../blocks/help';
import { parseWardenCommand } from '../../inputs/warden-command';
import type { BotDeps } from '../../deps';
import { failureReply } from '../failure-reply';
import { showAccess } from './access-overview';
import { addMember } from './add-member';
import { breakGlassOff, breakGlassOn, showStatus } from './break-glass';
import { cancelIncident } from './cancel-incident';
import { confirmRevoke } from './confirm-revoke';
import { listIncidents } from './list-incidents';
import { listKeys } from './list-keys';
import { openIngestModal } from './open-ingest-modal';
import { openKeyModal } from './open-key-modal';
import { requestAccess } from './request-access';
import { openAccessModal } from './open-access-modal';
import { revokeAccess } from './revoke-access';
import { startReview } from './start-review';
import { setByokOnly } from './set-byok-only';
import { startKeyLeak } from './start-key-leak';
import { setUsageLimit, showUsage } from './usage';
import { changeLegalHold, openDsarModal, showDsarStatus, startDsarRequest } from './dsar';
import type { CommandArgs, CommandReply } from './types';
import { listAgents, setAgentFromSlack, showAgentsByok } from './agents';
import { confirmApiKeyRevoke, listApiKeys, openApiKeyModal, rotateApiKey } from './apikeys';

/**
 * `/warden …`: acknowledge at once, then parse and hand to one handler, whose answer goes back through the
 * command's response_url. Slack gives an ack 3 s, counted from when it sent the request, so nothing slow
 * (PostgreSQL, Temporal, Slack's own API) may stand before it. Every reply is ephemeral.
 */
export function createWardenCommand(deps: BotDeps) {
  return async (args: CommandArgs): Promise<void> => {
    const { command, ack } = args;
    await ack();
    const context = { command: command.command, text: redactCommandText(command.text), userId: command.user_id, triggerId: command.trigger_id };
    const reply = async (r: CommandReply) => {
      if (r) await args.respond({ response_type: 'ephemeral', text: r.text, ...(r.blocks ? { blocks: r.blocks as never } : {}) });
    };
    try {
      await reply(await handle(args, deps));
    } catch (err) {
      await reply({ text: failureReply(err, deps.logger, context) }).catch((e) => deps.logger.error('Could not report a failure', { ...context, err: e }));
    }
  };
}

async function handle(args: CommandArgs, deps: BotDeps): Promise<CommandReply> {
  const parsed = parseWardenCommand(args.command.text ?? '');
  if (!parsed.ok) return { text: parsed.message };
  const c = parsed.command;
  switch (c.kind) {
    case 'help':
      return { text: HELP_TEXT };
    case 'keys.list':
      return listKeys(args, c, deps);
    case 'keys.add':
    case 'keys.rotate':
      return openKeyModal(args, c, deps);
    case 'keys.revoke':
      return confirmRevoke(args, c, deps);
    case 'keys.byok-only':
      return setByokOnly(args, c, deps);
    case 'access.modal':
      return openAccessModal(args, c, deps);
    case 'access.overview':
      return showAccess(args, c, deps);
    case 'access.request':
      return requestAccess(args, c, deps);
    case 'access.revoke':
      return revokeAccess(args, c, deps);
    case 'access.member-add':
      return addMember(args, c, deps);
    case 'access.review-start':
      return startReview(args, c, deps);
    case 'status':
      return showStatus(args, c, deps);
    case 'breakglass.on':
      return breakGlassOn(args, c, deps);
    case 'breakglass.off':
      return breakGlassOff(args, c, deps);
    case 'incident.key-leak':
      return startKeyLeak(args, c, deps);
    case 'incident.list':
      return listIncidents(args, c, deps);
    case 'incident.cancel':
      return cancelIncident(args, c, deps);
    case 'ingest.modal':
      return openIngestModal(args, c, deps);
    case 'usage.show':
      return showUsage(args, c, deps);
    case 'usage.limit':
      return setUsageLimit(args, c, deps);
    case 'dsar.request':
      return startDsarRequest(args, c, deps);
    case 'dsar.modal':
      return openDsarModal(args, c, deps);
    case 'dsar.status':
      return showDsarStatus(args, c, deps);
    case 'dsar.hold':
      return changeLegalHold(args, c, deps);
    case 'agents.list':
      return listAgents(args, c, deps);
    case 'agents.byok':
      return showAgentsByok(args, c, deps);
    case 'agents.set':
      return setAgentFromSlack(args, c, deps);
    case 'apikeys.list':
      return listApiKeys(args, c, deps);
    case 'apikeys.create':
      return openApiKeyModal(args, c, deps);
    case 'apikeys.rotate':
      return rotateApiKey(args, c, deps);
    case 'apikeys.revoke':
      return confirmApiKeyRevoke(args, c, deps);
  }
}

// Someone may paste a key after /warden by mistake; the log keeps only the first two words.
function redactCommandText(text: string | undefined): string {
  return (text ?? '').split(/\s+/).slice(0, 2).join(' ');
}
