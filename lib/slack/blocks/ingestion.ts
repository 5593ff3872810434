import {
  escapeMrkdwn,
  METHOD_LABELS,
  QUOTA_FEATURE_LABELS,
  QUOTA_UNITS,
  type IngestionProgressView,
  type ItemCost,
  type ItemOutcome,
} from '../../contracts';

type Message = { text: string; blocks: unknown[] };

const STATUS_ICON: Record<ItemOutcome['status'], string> = {
  done: ':white_check_mark:',
  partial: ':large_yellow_circle:',
  failed: ':x:',
  not_started: ':no_entry_sign:',
};

// Slack: 3000 characters per section, 50 blocks per message; the summary keeps well inside both.
const SECTION_MAX = 2900;
const MAX_ITEM_SECTIONS = 40;

/** The thread's parent: who ingests how much. */
export function ingestionThreadParent(v: IngestionProgressView): Message {
  const text = `:inbox_tray: Knowledge ingestion by <@${v.actorSlackId}>: ${v.total} item${v.total === 1 ? '' : 's'}`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }, runLink(v)] };
}

/** The progress reply, updated in place as items finish. */
export function ingestionProgressMessage(v: IngestionProgressView): Message {
  const state = v.finished ? (v.stoppedBy ? ':octagonal_sign: Stopped' : ':large_green_circle: Finished') : ':large_blue_circle: In progress';
  const text = `${state}: ${v.done} of ${v.total} items done · ${v.pages} pages · ${v.chars.toLocaleString('en-US')} characters${v.running ? ` · ${v.running} running` : ''}`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }, runLink(v)] };
}

/** The final summary: per item its method, what it cost against which quota, and any failure with its remedy. */
export function ingestionSummaryMessage(v: IngestionProgressView): Message {
  const ok = v.outcomes.filter((o) => o.status === 'done' || o.status === 'partial').length;
  const headline = `*Summary:* ${ok} of ${v.total} items ingested, ${v.chars.toLocaleString('en-US')} characters.`;
  const stopped = v.stoppedBy
    ? `\n:octagonal_sign: Break-glass is on for \`${v.stoppedBy.scope}\` (${escapeMrkdwn(v.stoppedBy.reason)}): items not yet started were not ingested; those already running finished. Lift it with \`/warden breakglass off ${v.stoppedBy.scope}\` and ingest them again.`
    : '';
  const sections: string[] = [];
  let current = '';
  for (const line of v.outcomes.map(itemLine)) {
    if (current && current.length + line.length + 1 > SECTION_MAX) {
      sections.push(current);
      current = '';
    }
    current = current ? `${current}\n${line}` : line.slice(0, SECTION_MAX);
  }
  if (current) sections.push(current);
  const shown = sections.slice(0, MAX_ITEM_SECTIONS);
  const more = sections.length > shown.length ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: 'More items than Slack shows in one message: see the workflow run.' }] }] : [];
  return {
    text: `${headline.replace(/\*/g, '')}${stopped}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `${headline}${stopped}` } },
      ...shown.map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } })),
      ...more,
      runLink(v),
    ],
  };
}

function itemLine(o: ItemOutcome): string {
  const parts = [`${STATUS_ICON[o.status]} *${escapeMrkdwn(o.label)}*`];
  if (o.methods.length) parts.push(o.methods.map((m) => METHOD_LABELS[m]).join(' + '));
  if (o.pages) parts.push(`${o.pages} page${o.pages === 1 ? '' : 's'}`);
  if (o.chars) parts.push(`${o.chars.toLocaleString('en-US')} characters`);
  parts.push(costText(o.costs));
  let line = parts.join(' · ');
  for (const note of o.notes) line += `\n      ${note}`;
  if (o.failure) line += `\n      ${o.failure.reason} *Remedy:* ${o.failure.remedy}`;
  return line;
}

export function costText(costs: ItemCost[]): string {
  if (costs.length === 0) return 'no hosted quota used';
  return costs
    .map((c) =>
      c.payer === 'org'
        ? `${QUOTA_FEATURE_LABELS[c.feature]} on the org's Gemini key (no hosted quota)`
        : `${c.units} ${QUOTA_UNITS[c.feature]} of hosted ${QUOTA_FEATURE_LABELS[c.feature].toLowerCase()} quota`,
    )
    .join(', ');
}

function runLink(v: IngestionProgressView) {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: `<${v.runUrl}|Workflow run in Temporal>` }] };
}
