import { workflowIds } from '../../../lib/contracts';
import type { breakGlass, liftBreakGlass } from '../../../workflows';
import { statusReply } from '../../blocks/status';
import type { BreakGlassCommand } from '../../inputs/break-glass-command';
import { isAdminOrAuditDenial } from '../../middleware/require-admin';
import type { CommandHandler } from './types';

const NOT_ADMIN = ':no_entry: Only org admins can use break-glass.';

/** `/warden breakglass on <scope> <reason>`: asks a second admin to confirm in the admin channel. */
export const breakGlassOn: CommandHandler<Extract<BreakGlassCommand, { kind: 'breakglass.on' }>> = async ({ command }, parsed, deps) => {
  if (!(await isAdminOrAuditDenial(deps, { slackUserId: command.user_id, action: 'breakglass.request', target: parsed.scope, requestId: command.trigger_id }))) {
    return { text: NOT_ADMIN };
  }
  const workflowId = workflowIds.breakGlass(parsed.scope, command.trigger_id);
  await deps.workflows.startOnce<typeof breakGlass>('breakGlass', {
    workflowId,
    actor: command.user_id,
    input: { requestId: workflowId, scope: parsed.scope, reason: parsed.reason, actorSlackId: command.user_id, settings: deps.breakGlassSettings },
  });
  return { text: `:rotating_light: Break-glass for \`${parsed.scope}\` needs a second admin: they confirm in <#${deps.breakGlassSettings.channel}>.` };
};

/** `/warden breakglass off <scope>`: one admin restores automation. */
export const breakGlassOff: CommandHandler<Extract<BreakGlassCommand, { kind: 'breakglass.off' }>> = async ({ command }, parsed, deps) => {
  if (!(await isAdminOrAuditDenial(deps, { slackUserId: command.user_id, action: 'breakglass.lift', target: parsed.scope, requestId: command.trigger_id }))) {
    return { text: NOT_ADMIN };
  }
  const active = (await deps.breakGlass.listOpen()).filter((f) => f.status === 'active' && f.scope === parsed.scope);
  if (active.length === 0) return { text: `Break-glass is not on for \`${parsed.scope}\`; nothing to lift.` };
  const workflowId = workflowIds.liftBreakGlass(parsed.scope, command.trigger_id);
  await deps.workflows.startOnce<typeof liftBreakGlass>('liftBreakGlass', {
    workflowId,
    actor: command.user_id,
    input: { requestId: workflowId, scope: parsed.scope, reason: parsed.reason, actorSlackId: command.user_id, settings: deps.breakGlassSettings },
  });
  return { text: `:large_green_circle: Lifting break-glass for \`${parsed.scope}\`.` };
};

export const showStatus: CommandHandler<{ kind: 'status' }> = async ({ command }, _parsed, deps) => {
  const [flags, roles] = await Promise.all([deps.breakGlass.listOpen(), deps.roles.activeRoles(command.user_id, deps.clock())]);
  return statusReply(flags, roles);
};
