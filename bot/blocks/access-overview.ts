import type { RoleGrantView } from '../../lib/db';
import { describeGrantDuration } from '../../lib/slack/blocks/grant-request';

export const ACCESS_USAGE = [
  '• `/warden access` — request a role in a form; `/warden access list` — this overview',
  '• `/warden access request @user <role> [for 8h|7d] <reason>` — ask for a role; approvers decide in their channel',
  '• `/warden access revoke @user <role> [reason]` — end a grant early (admins)',
  '• `/warden access review start` — open a membership review now instead of waiting for the quarterly schedule (admins)',
  '• `/warden access member add @user <email> [--contractor] [--utility] [--manager @m]` — register a named member (admins)',
  'Roles: `admin`, `builder`, `analyst`, `support_lead`.',
].join('\n');

/** `/warden access`: the caller's grants, newest first, and how to ask for more. */
export function accessOverview(slackUserId: string, grants: RoleGrantView[], registered: boolean): { text: string; blocks: unknown[] } {
  const lines = grants.map((g) => {
    const until = g.expiresAt ? ` until ${g.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '';
    const length = g.status === 'requested' ? ` (${describeGrantDuration(g.durationSeconds)})` : until;
    return `• *${g.role}* — ${g.status}${length}`;
  });
  const head = registered ? `*Your access* (<@${slackUserId}>)` : ':warning: You are not a registered member yet, so you cannot request or approve access.';
  const text = [head, ...(lines.length ? lines : registered ? ['No grants yet.'] : []), '', ACCESS_USAGE].join('\n');
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
