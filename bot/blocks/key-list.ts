import { escapeMrkdwn, PROVIDER_LABELS, type KeyEnvironment, type KeyStatus, type Provider } from '../../lib/contracts';

export interface KeyListRow {
  provider: Provider;
  environment: KeyEnvironment;
  status: KeyStatus;
  maskedKey: string;
  fingerprint: string;
  createdAt: Date;
  lastCheckedAt: Date | null;
  lastCheckOutcome: string | null;
  addedBySlackId: string;
  ownerTeam: string | null;
}

const STATUS_ICON: Record<KeyStatus, string> = {
  active: ':large_green_circle:',
  pending: ':hourglass_flowing_sand:',
  retiring: ':large_yellow_circle:',
  revoked: ':black_circle:',
  failed: ':red_circle:',
  compromised: ':rotating_light:',
};

// Slack allows 50 blocks in a message; keep room for the header and footer.
const MAX_ROWS = 45;

/** The ephemeral answer to `/warden keys`: keys in play first, then recent finished ones, all masked. */
export function keyList(rows: KeyListRow[], now: Date, finishedNotShown = 0): { text: string; blocks: unknown[] } {
  if (rows.length === 0) {
    const text = 'No provider keys yet. Add one with `/warden keys add`.';
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  }
  const shown = rows.slice(0, MAX_ROWS);
  const blocks: unknown[] = [{ type: 'header', text: { type: 'plain_text', text: 'Provider keys' } }];
  for (const row of shown) {
    const check = row.lastCheckedAt ? `${row.lastCheckOutcome ?? 'checked'} ${age(row.lastCheckedAt, now)} ago` : 'never checked';
    const owner = row.ownerTeam ? ` · team ${escapeMrkdwn(row.ownerTeam)}` : '';
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text:
          `${STATUS_ICON[row.status]} *${PROVIDER_LABELS[row.provider]}* · ${row.environment} · *${row.status}*\n` +
          `\`${row.maskedKey}\` ${row.fingerprint} · age ${age(row.createdAt, now)} · last check: ${check} · added by <@${row.addedBySlackId}>${owner}`,
      },
    });
  }
  const hidden = rows.length - shown.length + finishedNotShown;
  if (hidden > 0) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${hidden} older revoked or failed keys not shown.` }] });
  }
  const active = rows.filter((r) => r.status === 'active').length;
  return { text: `${rows.length} provider keys, ${active} active`, blocks };
}

function age(since: Date, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000));
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}
