import { escapeMrkdwn, PROVIDER_LABELS, type KeyEnvironment, type Provider } from '../../contracts';

export interface KeyModalStatus {
  mode: 'add' | 'rotate';
  provider: Provider;
  environment: KeyEnvironment;
  state: 'checking' | 'active' | 'failed';
  maskedKey?: string;
  /** Why it failed, or what happened (Warden's words; text from elsewhere is escaped here). */
  detail?: string;
  runUrl?: string;
}

const ICON: Record<KeyModalStatus['state'], string> = { checking: ':hourglass_flowing_sand:', active: ':white_check_mark:', failed: ':x:' };

/**
 * What the key modal shows once it is submitted: first "Checking the key…" (the ack's own update, so the
 * admin sees at once that it was received), then the outcome, updated in place by the key workflow.
 * No inputs and no submit button: the key is sealed; adding another means `/warden keys add` again.
 */
export function keyModalStatus(s: KeyModalStatus) {
  const label = `${PROVIDER_LABELS[s.provider]} ${s.environment}`;
  const key = s.maskedKey ? ` \`${s.maskedKey}\`` : '';
  const headline =
    s.state === 'checking'
      ? `Checking the ${label} key${key} with the provider…`
      : s.state === 'active'
        ? `The ${label} key${key} is now active.`
        : `The ${label} key${key} was not activated.`;
  const blocks: unknown[] = [{ type: 'section', text: { type: 'mrkdwn', text: `${ICON[s.state]} *${headline}*` } }];
  if (s.detail) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(s.detail).slice(0, 2900) } });
  const footer =
    s.state === 'checking'
      ? 'You can close this: progress is also in the admin channel thread, and you get a DM with the result.'
      : s.state === 'failed'
        ? 'Nothing changed. Fix what is said above and run `/warden keys add` again.'
        : 'The previous key, if any, keeps working for the grace period, then it is revoked.';
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: s.runUrl ? `${footer} <${s.runUrl}|Workflow run>` : footer }] });
  return {
    type: 'modal' as const,
    title: { type: 'plain_text' as const, text: s.mode === 'rotate' ? 'Rotate provider key' : 'Add provider key' },
    close: { type: 'plain_text' as const, text: 'Close' },
    blocks,
  };
}
