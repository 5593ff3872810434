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
import { openKeyModal } from './open-key-modal';
import { requestAccess } from './request-access';
import { openAccessModal } from './open-access-modal';
import { revokeAccess } from './revoke-access';
import { startReview } from './start-review';
import { setByokOnly } from './set-byok-only';
import { startKeyLeak } from './start-key-leak';
import type { CommandArgs, CommandReply } from './types';

/** `/warden …`: parse, then hand to one handler. Every reply is ephemeral. */
export function createWardenCommand(deps: BotDeps) {
  return async (args: CommandArgs): Promise<void> => {
    const { command, ack } = args;
    let acked = false;
    const reply = async (r: CommandReply) => {
      acked = true;
      await ack(r ? { response_type: 'ephemeral', text: r.text, ...(r.blocks ? { blocks: r.blocks as never } : {}) } : undefined);
    };
    const context = { command: command.command, text: redactCommandText(command.text), userId: command.user_id, triggerId: command.trigger_id };
    try {
      const parsed = parseWardenCommand(command.text ?? '');
      if (!parsed.ok) return await reply({ text: parsed.message });
      const c = parsed.command;
      switch (c.kind) {
        case 'help':
          return await reply({ text: HELP_TEXT });
        case 'keys.list':
          return await reply(await listKeys(args, c, deps));
        case 'keys.add':
        case 'keys.rotate':
          return await reply(await openKeyModal(args, c, deps));
        case 'keys.revoke':
          return await reply(await confirmRevoke(args, c, deps));
        case 'keys.byok-only':
          return await reply(await setByokOnly(args, c, deps));
        case 'access.modal':
          return await reply(await openAccessModal(args, c, deps));
        case 'access.overview':
          return await reply(await showAccess(args, c, deps));
        case 'access.request':
          return await reply(await requestAccess(args, c, deps));
        case 'access.revoke':
          return await reply(await revokeAccess(args, c, deps));
        case 'access.member-add':
          return await reply(await addMember(args, c, deps));
        case 'access.review-start':
          return await reply(await startReview(args, c, deps));
        case 'status':
          return await reply(await showStatus(args, c, deps));
        case 'breakglass.on':
          return await reply(await breakGlassOn(args, c, deps));
        case 'breakglass.off':
          return await reply(await breakGlassOff(args, c, deps));
        case 'incident.key-leak':
          return await reply(await startKeyLeak(args, c, deps));
        case 'incident.list':
          return await reply(await listIncidents(args, c, deps));
        case 'incident.cancel':
          return await reply(await cancelIncident(args, c, deps));
      }
    } catch (err) {
      const text = failureReply(err, deps.logger, context);
      if (!acked) await reply({ text });
      else await args.respond({ response_type: 'ephemeral', text }).catch((e) => deps.logger.error('Could not report a failure', { ...context, err: e }));
    }
  };
}

// Someone may paste a key after /warden by mistake; the log keeps only the first two words.
function redactCommandText(text: string | undefined): string {
  return (text ?? '').split(/\s+/).slice(0, 2).join(' ');
}
