import { escapeMrkdwn, ROLES, type Role } from '../../lib/contracts';
import { describeGrantDuration } from '../../lib/slack/blocks/grant-request';
import { ACCESS_MODAL_BLOCKS, ACCESS_MODAL_CALLBACK_ID } from '../inputs/access-modal-input';

const ROLE_HINTS: Record<(typeof ROLES)[number], string> = {
  admin: 'admin — org settings, billing, keys',
  builder: 'builder — agents, knowledge',
  analyst: 'analyst — read-only analytics',
  support_lead: 'support_lead — transcript review',
  compliance: 'compliance — data-subject requests, legal holds',
};

/** A request that could not be sent, shown again with why: nothing the person typed is lost. */
export interface AccessModalRetry {
  memberSlackId: string;
  role: Role;
  durationSeconds: number | null;
  reason: string;
  problem: string;
}

/** `/warden access`: ask for a role for yourself or someone else. Titles stay under Slack's 24 characters. */
export function accessRequestModal(requesterSlackId: string, retry?: AccessModalRetry) {
  const plain = (text: string) => ({ type: 'plain_text' as const, text });
  const roleOptions = ROLES.map((r) => ({ text: plain(ROLE_HINTS[r]), value: r }));
  return {
    type: 'modal' as const,
    callback_id: ACCESS_MODAL_CALLBACK_ID,
    private_metadata: '',
    title: plain('Request access'),
    submit: plain('Request'),
    close: plain('Cancel'),
    blocks: [
      ...(retry ? [{ type: 'section', text: { type: 'mrkdwn', text: `:warning: ${escapeMrkdwn(retry.problem.replace(/^:[a-z_]+: /, ''))}` } }] : []),
      { type: 'section', text: { type: 'mrkdwn', text: 'Approvers decide in their channel; someone other than you must approve. Use `/warden access list` to see your grants.' } },
      { type: 'input', block_id: ACCESS_MODAL_BLOCKS.member, label: plain('Who needs it'), element: { type: 'users_select', action_id: 'value', initial_user: retry?.memberSlackId ?? requesterSlackId } },
      {
        type: 'input',
        block_id: ACCESS_MODAL_BLOCKS.role,
        label: plain('Role'),
        element: { type: 'static_select', action_id: 'value', options: roleOptions, ...(retry ? { initial_option: roleOptions.find((o) => o.value === retry.role) } : {}) },
      },
      {
        type: 'input',
        block_id: ACCESS_MODAL_BLOCKS.duration,
        optional: true,
        label: plain('For how long'),
        element: {
          type: 'plain_text_input',
          action_id: 'value',
          placeholder: plain('8h or 7d; empty: no end'),
          ...(retry?.durationSeconds ? { initial_value: describeGrantDuration(retry.durationSeconds) } : {}),
        },
      },
      {
        type: 'input',
        block_id: ACCESS_MODAL_BLOCKS.reason,
        label: plain('Reason'),
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 500, ...(retry ? { initial_value: retry.reason } : {}) },
      },
    ],
  };
}
