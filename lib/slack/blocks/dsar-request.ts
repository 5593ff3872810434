import { DSAR_ACTIONS, type DsarButtonValue, type DsarState, type DsarView } from '../../contracts';

const STATE_LINE: Record<DsarState, string> = {
  pending: ':hourglass_flowing_sand: Waiting for approval',
  approved: ':gear: Approved, in progress',
  denied: ':no_entry: Denied',
  fulfilled: ':white_check_mark: Fulfilled',
  failed: ':x: Failed',
};

const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** The approval message in the compliance channel; the workflow re-renders it in place at every step. */
export function dsarRequestMessage(v: DsarView): { text: string; blocks: unknown[] } {
  const headline = `Data-subject ${v.kind === 'export' ? 'export' : 'erasure'} request for ${v.subjectLabel} (${v.regime.toUpperCase()}, due ${when(v.deadlineAt)})`;
  const facts = [
    `*Requested by:* <@${v.requesterSlackId}>`,
    `*Identity verified by:* <@${v.verification.verifiedBySlackId}> (${v.verification.method})`,
    `*Subject pseudonym:* \`${v.pseudonymHint}\``,
    `*Approvals:* ${v.approvals.length} of ${v.requiredApprovals}${v.approvals.length ? ` (${v.approvals.map((a) => `<@${a.slackUserId}>`).join(', ')})` : ''}`,
  ];
  let status = STATE_LINE[v.state];
  if (v.decidedBySlackId && v.state !== 'pending') status += ` by <@${v.decidedBySlackId}>`;
  if (v.outcome) status += ` — ${v.outcome}`;
  const blocks: unknown[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `:scales: ${headline}` } },
    { type: 'section', text: { type: 'mrkdwn', text: facts.join('\n') } },
    // People's own words as plain text: nothing in them can pose as Warden's formatting or ping anyone.
    { type: 'section', text: { type: 'plain_text', text: `Reason: ${v.reason}\nVerification note: ${v.verification.note || '(none)'}`.slice(0, 3000), emoji: false } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: status }] },
  ];
  if (v.state === 'denied' && v.denialReason) blocks.push({ type: 'section', text: { type: 'plain_text', text: `Denial reason: ${v.denialReason}`.slice(0, 3000), emoji: false } });
  if (v.state === 'pending') {
    const value = JSON.stringify({ workflowId: v.workflowId } satisfies DsarButtonValue);
    blocks.push({
      type: 'actions',
      block_id: 'warden_dsar_decision',
      elements: [
        { type: 'button', action_id: DSAR_ACTIONS.approve, style: 'primary', text: { type: 'plain_text', text: 'Approve' }, value },
        { type: 'button', action_id: DSAR_ACTIONS.deny, style: 'danger', text: { type: 'plain_text', text: 'Deny…' }, value },
      ],
    });
  }
  return { text: `${headline}\n${status}`, blocks };
}
