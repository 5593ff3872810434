import { escapeMrkdwn, PROVIDER_LABELS, type KeyEnvironment, type Provider } from '../../contracts';

export const HEALTH_ACTIONS = { startRunbook: 'warden_health_start_runbook' } as const;

export interface AlertedKey {
  keyId: string;
  provider: Provider;
  environment: KeyEnvironment;
  maskedKey: string;
  fingerprint: string;
  verdict: string;
  detail: string;
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

/** One alert per key turning unusable, with the button that starts the key-leak runbook for it. */
export function keyAlertMessage(k: AlertedKey): { text: string; blocks: unknown[] } {
  const text =
    `:rotating_light: *${PROVIDER_LABELS[k.provider]} ${k.environment} key failing* — \`${k.maskedKey}\` (${k.fingerprint}): ` +
    `*${k.verdict.replace(/_/g, ' ')}*. ${escapeMrkdwn(k.detail)}\nWarden will not repeat this alert while the key stays in this state.`;
  return {
    text,
    blocks: [
      section(text),
      {
        type: 'actions',
        block_id: 'warden_health_alert',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Start key-leak runbook' },
            action_id: HEALTH_ACTIONS.startRunbook,
            style: 'danger',
            value: JSON.stringify({ keyId: k.keyId, provider: k.provider, environment: k.environment }),
          },
        ],
      },
    ],
  };
}

export function keyRecoveryMessage(k: Omit<AlertedKey, 'verdict' | 'detail'> & { previousVerdict: string }): { text: string; blocks: unknown[] } {
  const text =
    `:large_green_circle: *${PROVIDER_LABELS[k.provider]} ${k.environment} key healthy again* — \`${k.maskedKey}\` (${k.fingerprint}) ` +
    `passes its health check (was ${k.previousVerdict.replace(/_/g, ' ')}).`;
  return { text, blocks: [section(text)] };
}

export function plainMessage(text: string): { text: string; blocks: unknown[] } {
  return { text, blocks: [section(text)] };
}
