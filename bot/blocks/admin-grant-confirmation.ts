import { ADMIN_GRANT_CONFIRM_CALLBACK_ID, escapeMrkdwn } from '../../lib/contracts';
import type { RoleGrantView } from '../../lib/db';
import { describeGrantDuration } from '../../lib/slack/blocks/grant-request';
import type { AdminGrantMetadata } from '../inputs/grant-decision-input';

/** The explicit second step for an admin grant: who asked, for whom, how long and why, before anything counts. */
export function adminGrantConfirmation(grant: RoleGrantView, meta: AdminGrantMetadata) {
  const facts = [
    `*Member:* <@${grant.member.slackUserId}> (${escapeMrkdwn(grant.member.email)})`,
    `*Role:* ${grant.role}`,
    `*Duration:* ${describeGrantDuration(grant.durationSeconds)}`,
    `*Requested by:* <@${grant.grantedBySlackId}>`,
    `*Reason:* ${escapeMrkdwn(grant.reason)}`,
  ].join('\n');
  return {
    type: 'modal' as const,
    callback_id: ADMIN_GRANT_CONFIRM_CALLBACK_ID,
    private_metadata: JSON.stringify(meta),
    title: { type: 'plain_text' as const, text: 'Confirm admin grant' },
    submit: { type: 'plain_text' as const, text: 'Grant admin' },
    close: { type: 'plain_text' as const, text: 'Cancel' },
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: ':warning: *Admin* controls org settings, billing and provider keys. Approve only if you know why it is needed.' } },
      { type: 'section', text: { type: 'mrkdwn', text: facts } },
    ],
  };
}
