import { PROVIDER_LABELS, type KeyEnvironment, type Provider } from '../../lib/contracts';

export interface IncidentListRow {
  id: string;
  provider: Provider;
  environment: KeyEnvironment;
  currentStep: string;
  openedBySlackId: string;
  openedAt: Date;
  threadChannel: string | null;
}

const STEP_WAITING: Record<string, string> = {
  contain: 'containing the key',
  impact: 'listing the impact',
  replace: 'a replacement key',
  verify: 'a successful test chat',
  revoke_at_provider: 'revocation at the provider',
};

// Slack allows 50 blocks in a message.
const MAX_ROWS = 40;

/** The ephemeral answer to `/warden incident list`. */
export function incidentList(rows: IncidentListRow[]): { text: string; blocks: unknown[] } {
  if (rows.length === 0) {
    const text = 'No open key-leak incidents.';
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  }
  const blocks: unknown[] = [{ type: 'header', text: { type: 'plain_text', text: 'Open key-leak incidents' } }];
  for (const r of rows.slice(0, MAX_ROWS)) {
    const where = r.threadChannel ? ` · thread in <#${r.threadChannel}>` : '';
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text:
          `:rotating_light: \`${r.id}\` · *${PROVIDER_LABELS[r.provider]} ${r.environment}* · waiting for ${STEP_WAITING[r.currentStep] ?? r.currentStep}` +
          ` · opened by <@${r.openedBySlackId}> ${r.openedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC${where}`,
      },
    });
  }
  if (rows.length > MAX_ROWS) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${rows.length - MAX_ROWS} older incidents not shown.` }] });
  return { text: `${rows.length} open key-leak incident(s)`, blocks };
}
