import { GRANT_ACTIONS, type GrantButtonValue, type GrantRequestState, type GrantRequestView } from '../../contracts';

const STATE_LINE: Record<GrantRequestState, string> = {
  pending: ':hourglass_flowing_sand: Waiting for approval',
  approved: ':white_check_mark: Approved',
  denied: ':no_entry: Denied',
  expired: ':alarm_clock: Expired',
  revoked: ':lock: Revoked',
};

/** 8h, 7d, 90m: the way people typed it. */
export function describeGrantDuration(seconds: number | null): string {
  if (seconds === null) return 'no end date';
  if (seconds % 86_400 === 0) return `${seconds / 86_400}d`;
  if (seconds % 3_600 === 0) return `${seconds / 3_600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** The approval message in the approvers' channel; the workflow re-renders it in place at every step. */
export function grantRequestMessage(v: GrantRequestView): { text: string; blocks: unknown[] } {
  const term = v.endsAt ? `until ${when(v.endsAt)}` : describeGrantDuration(v.durationSeconds);
  const headline = `Access request: <@${v.memberSlackId}> → *${v.role}* (${term})`;
  const facts = [
    `*Requested by:* <@${v.requesterSlackId}>`,
    `*Approvals:* ${v.approvals.length} of ${v.requiredApprovals}${v.approvals.length ? ` (${v.approvals.map((a) => `<@${a.slackUserId}>`).join(', ')})` : ''}`,
  ];
  if (v.escalated && v.state === 'pending') facts.push(':rotating_light: Escalated to the second approver group');
  let status = STATE_LINE[v.state];
  if (v.decidedBySlackId && v.decidedAt && (v.state === 'approved' || v.state === 'denied')) {
    status += ` by <@${v.decidedBySlackId}> at ${when(v.decidedAt)}`;
  }
  if (v.state === 'approved') status += v.expiresAt ? `, until ${when(v.expiresAt)}` : ', no end date';
  if ((v.state === 'expired' || v.state === 'revoked') && v.endedAt) status += ` at ${when(v.endedAt)}`;
  if (v.note) status += ` — ${v.note}`;
  const text = `${headline}\n${status}`;
  const blocks: unknown[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `:busts_in_silhouette: ${headline}` } },
    { type: 'section', text: { type: 'mrkdwn', text: facts.join('\n') } },
    // The requester's own words, as plain text: no ping, link or formatting in them can pose as Warden's.
    { type: 'section', text: { type: 'plain_text', text: `Reason: ${v.reason}`.slice(0, 3000), emoji: false } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: status }] },
  ];
  if (v.state === 'pending') {
    const value = JSON.stringify({ workflowId: v.workflowId, grantId: v.grantId, role: v.role } satisfies GrantButtonValue);
    blocks.push({
      type: 'actions',
      block_id: 'warden_grant_decision',
      elements: [
        { type: 'button', action_id: GRANT_ACTIONS.approve, style: 'primary', text: { type: 'plain_text', text: 'Approve' }, value },
        { type: 'button', action_id: GRANT_ACTIONS.deny, style: 'danger', text: { type: 'plain_text', text: 'Deny' }, value },
      ],
    });
  }
  return { text, blocks };
}
