import { PROVIDER_LABELS, type KeyEnvironment, type Provider } from '../../lib/contracts';

export const REVOKE_ACTIONS = { confirm: 'warden_key_revoke_confirm', cancel: 'warden_key_revoke_cancel' } as const;

/** Ephemeral question before revoking: revoking cuts off running traffic at once, so it takes a click. */
export function revokeConfirmation(p: { keyId: string; provider: Provider; environment: KeyEnvironment; maskedKey: string; fingerprint: string }) {
  const label = `${PROVIDER_LABELS[p.provider]} ${p.environment}`;
  const text = `Revoke the active ${label} key \`${p.maskedKey}\` (${p.fingerprint})? Services using it lose access immediately.`;
  // The key itself, not just its slot: a rotation between this question and the click must not revoke the new key.
  const value = JSON.stringify({ keyId: p.keyId, provider: p.provider, environment: p.environment });
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `:warning: ${text}` } },
      {
        type: 'actions',
        block_id: 'warden_key_revoke',
        elements: [
          { type: 'button', action_id: REVOKE_ACTIONS.confirm, style: 'danger', text: { type: 'plain_text', text: 'Revoke now' }, value },
          { type: 'button', action_id: REVOKE_ACTIONS.cancel, text: { type: 'plain_text', text: 'Cancel' }, value },
        ],
      },
    ],
  };
}
