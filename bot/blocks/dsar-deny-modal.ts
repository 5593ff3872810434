import { DSAR_DENY_CALLBACK_ID } from '../../lib/contracts';

export const DSAR_DENY_BLOCKS = { reason: 'dsar_deny_reason' } as const;

/** Deny on a data-subject request: the reason is required, because the requester is told it. */
export function dsarDenyModal(meta: { workflowId: string; channel: string }, subjectLabel: string) {
  return {
    type: 'modal' as const,
    callback_id: DSAR_DENY_CALLBACK_ID,
    private_metadata: JSON.stringify(meta),
    title: { type: 'plain_text' as const, text: 'Deny request' },
    submit: { type: 'plain_text' as const, text: 'Deny' },
    close: { type: 'plain_text' as const, text: 'Cancel' },
    blocks: [
      { type: 'section', text: { type: 'plain_text', text: `Deny the data-subject request for ${subjectLabel}. The requester is told your reason.`, emoji: false } },
      {
        type: 'input',
        block_id: DSAR_DENY_BLOCKS.reason,
        optional: true, // checked by Warden so an empty reason gets Warden's own inline message
        label: { type: 'plain_text', text: 'Reason' },
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 500 },
      },
    ],
  };
}
