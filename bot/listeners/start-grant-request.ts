import { escapeMrkdwn, type Role } from '../../lib/contracts';
import { describeGrantDuration } from '../../lib/slack/blocks/grant-request';
import type { roleGrantRequest } from '../../workflows';
import type { BotDeps } from '../deps';

export const NOT_A_MEMBER = ':no_entry: Only registered members can request or approve access. Ask an admin to add you with `/warden access member add @you email`.';

export interface GrantRequestAsk {
  workflowId: string;
  requesterSlackId: string;
  memberSlackId: string;
  role: Role;
  durationSeconds: number | null;
  reason: string;
}

export type GrantRequestOutcome = { ok: true; text: string } | { ok: false; field: 'requester' | 'member' | 'blocked'; text: string };

/** The slash command and the modal both end here: quick checks for feedback, then one workflow per Slack request. */
export async function startGrantRequest(deps: BotDeps, ask: GrantRequestAsk): Promise<GrantRequestOutcome> {
  if (!(await deps.members.findBySlackId(ask.requesterSlackId))) return { ok: false, field: 'requester', text: NOT_A_MEMBER };
  if (!(await deps.members.findBySlackId(ask.memberSlackId))) {
    return { ok: false, field: 'member', text: `<@${ask.memberSlackId}> is not a registered member yet. An admin can add them with \`/warden access member add @user email\`.` };
  }
  const flag = await deps.breakGlass.isBlocked('access-grants');
  if (flag) return { ok: false, field: 'blocked', text: `:red_circle: Break-glass is on for \`${flag.scope}\` (${escapeMrkdwn(flag.reason)}): no access requests until an admin lifts it.` };
  const { workflowId: _id, ...request } = ask;
  const { runUrl: url } = await deps.workflows.startOnce<typeof roleGrantRequest>('roleGrantRequest', {
    workflowId: ask.workflowId,
    actor: ask.requesterSlackId,
    input: { requestId: ask.workflowId, ...request, settings: deps.accessSettings },
  });
  return {
    ok: true,
    text:
      `:inbox_tray: Requested *${ask.role}* for <@${ask.memberSlackId}> (${describeGrantDuration(ask.durationSeconds)}). ` +
      `Approvers decide in <#${deps.accessSettings.approversChannel}>; you will get a DM with the decision. <${url}|Run>`,
  };
}
