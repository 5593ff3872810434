import { PROVIDER_LABELS, type KeyProgress, type StepState } from '../../contracts';

const STATE_ICON: Record<StepState, string> = {
  waiting: ':white_circle:',
  running: ':hourglass_flowing_sand:',
  done: ':white_check_mark:',
  failed: ':x:',
  skipped: ':heavy_minus_sign:',
};

const OPERATION_TITLE: Record<KeyProgress['operation'], string> = {
  add: 'Add key',
  rotate: 'Rotate key',
  revoke: 'Revoke key',
};

function headline(p: KeyProgress): string {
  return `${OPERATION_TITLE[p.operation]}: ${PROVIDER_LABELS[p.provider]} ${p.environment}`;
}

/** The thread's parent message in the admin channel: who asked for what. */
export function keyThreadParent(p: KeyProgress): { text: string; blocks: unknown[] } {
  const key = p.maskedKey ? ` \`${p.maskedKey}\` (${p.fingerprint})` : '';
  const text = `:key: ${headline(p)} requested by <@${p.actorSlackId}>${key}`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

/** The progress reply, updated in place as each step finishes. */
export function keyProgressMessage(p: KeyProgress): { text: string; blocks: unknown[] } {
  const outcome =
    p.outcome === 'succeeded' ? ':large_green_circle: Done' : p.outcome === 'failed' ? ':red_circle: Failed' : ':large_blue_circle: In progress';
  const lines = p.steps.map((step) => {
    const when = step.at ? ` _(${step.at.slice(11, 19)} UTC)_` : '';
    const detail = step.detail ? ` — ${step.detail}` : '';
    return `${STATE_ICON[step.state]} ${step.label}${detail}${when}`;
  });
  const summary = p.summary ? `\n${p.summary}` : '';
  const text = truncate(`${outcome}: ${headline(p)}${summary}`);
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: truncate(`*${outcome}* · ${headline(p)}${summary}`) } },
      { type: 'section', text: { type: 'mrkdwn', text: truncate(lines.join('\n')) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `<${p.runUrl}|Workflow run in Temporal>` }] },
    ],
  };
}

// Slack rejects section text over 3000 characters (invalid_blocks).
function truncate(text: string): string {
  return text.length <= 3000 ? text : `${text.slice(0, 2990)}…`;
}
