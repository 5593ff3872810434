import {
  codeSpan,
  escapeMrkdwn,
  PROVIDER_CONSOLE_URLS,
  PROVIDER_LABELS,
  RUNBOOK_STEP_LABELS,
  type KeyEnvironment,
  type Provider,
  type TimelineEntry,
} from '../../contracts';

/** Action ids of the runbook's buttons; the bot registers one handler per id. */
export const RUNBOOK_ACTIONS = {
  replace: 'warden_runbook_replace',
  retryVerify: 'warden_runbook_retry_verify',
  revokedDone: 'warden_runbook_revoked_done',
  cancel: 'warden_runbook_cancel',
} as const;

export interface ImpactRow {
  environment: KeyEnvironment;
  status: string;
  maskedKey: string;
  fingerprint: string;
  ownerTeam: string | null;
}

/** An agent that calls the leaked key's provider with the org's key (from the agent registry). */
export interface ImpactAgent {
  agent: string;
  environment: KeyEnvironment;
  ownerTeam: string;
  teamContact: string | null;
  uses: string[];
  policy: string;
}

/** Every message the runbook posts in its thread. Keys appear only masked. */
export type RunbookMessage =
  | { kind: 'opened'; incidentId: string; provider: Provider; environment: KeyEnvironment; actorSlackId: string; runUrl: string }
  | { kind: 'contained'; maskedKey: string; fingerprint: string; environment: KeyEnvironment; graceNote?: string }
  | { kind: 'nothing_to_contain'; provider: Provider; environment: KeyEnvironment }
  | { kind: 'impact'; provider: Provider; rows: ImpactRow[]; ownerTeams: string[]; findings: string[]; agents?: ImpactAgent[]; environment?: KeyEnvironment }
  | { kind: 'replace'; incidentId: string; provider: Provider; environment: KeyEnvironment }
  | { kind: 'replaced'; incidentId: string; maskedKey: string; fingerprint: string; actorSlackId: string }
  | { kind: 'verify_result'; incidentId: string; ok: boolean; detail: string; model: string; latencyMs: number; maskedKey: string }
  | { kind: 'revoke_checklist'; incidentId: string; provider: Provider; maskedKey: string | null; fingerprint: string | null }
  | { kind: 'revoke_confirmed'; actorSlackId: string; at: string }
  | { kind: 'note'; text: string }
  | { kind: 'reminder'; waitingFor: string; mention: string[]; waitedMinutes: number }
  | { kind: 'all_clear'; incidentId: string; timeline: TimelineEntry[] }
  | { kind: 'cancelled'; incidentId: string; actorSlackId: string; timeline: TimelineEntry[] };

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const button = (text: string, actionId: string, value: string, style?: 'primary' | 'danger') => ({
  type: 'button',
  text: { type: 'plain_text', text },
  action_id: actionId,
  value,
  ...(style ? { style } : {}),
});
const incidentValue = (incidentId: string) => JSON.stringify({ incidentId });

export function runbookMessage(m: RunbookMessage): { text: string; blocks: unknown[] } {
  const built = build(m);
  // A section's text may hold 3000 characters; the notification text (which keeps everything) may hold far more.
  const shown = built.text.length > 3000 ? `${built.text.slice(0, 2980)}\n…(truncated)` : built.text;
  return { text: built.text, blocks: [section(shown), ...(built.extra ?? [])] };
}

function build(m: RunbookMessage): { text: string; extra?: unknown[] } {
  switch (m.kind) {
    case 'opened':
      return {
        text:
          `:rotating_light: *Key leak: ${PROVIDER_LABELS[m.provider]} ${m.environment}* — incident \`${m.incidentId}\`, opened by <@${m.actorSlackId}>.\n` +
          `Steps: contain → impact → replace → verify → revoke at the provider → all-clear. <${m.runUrl}|Runbook run>`,
        extra: [{ type: 'actions', block_id: 'warden_runbook_cancel', elements: [button('Cancel incident', RUNBOOK_ACTIONS.cancel, incidentValue(m.incidentId), 'danger')] }],
      };
    case 'contained':
      return {
        text:
          `:lock: *1. Contain* — \`${m.maskedKey}\` (${m.fingerprint}) is marked *compromised*; ` +
          (m.graceNote ?? `key resolution stopped serving it for ${m.environment}.`),
      };
    case 'nothing_to_contain':
      return { text: `:grey_question: *1. Contain* — ${PROVIDER_LABELS[m.provider]} ${m.environment} has no active org key, so there was nothing to mark compromised.` };
    case 'impact': {
      const lines = m.rows.map((r) => `• ${r.environment} · *${r.status}* · \`${r.maskedKey}\` ${r.fingerprint} · team ${r.ownerTeam ? escapeMrkdwn(r.ownerTeam) : '_not recorded_'}`);
      const teams = m.ownerTeams.length ? m.ownerTeams.map(escapeMrkdwn).join(', ') : '_no owning team recorded on these keys_';
      const findings = m.findings.map((f) => `\n:warning: ${f}`).join('');
      const agents = m.agents ?? [];
      // Agents of the leaked key's environment first: they are the ones affected now.
      const ordered = [...agents.filter((a) => a.environment === m.environment), ...agents.filter((a) => a.environment !== m.environment)];
      const agentLines = ordered.map(
        (a) =>
          `• ${codeSpan(a.agent)} · ${a.environment}${a.environment === m.environment ? ' *(affected)*' : ''} · team ${escapeMrkdwn(a.ownerTeam)}` +
          `${a.teamContact ? ` (<@${a.teamContact}>)` : ''} · ${a.uses.map(escapeMrkdwn).join(', ')} · ${a.policy}`,
      );
      const agentPart = agentLines.length
        ? `Agents calling ${PROVIDER_LABELS[m.provider]} with the org's key:\n${agentLines.join('\n')}`
        : `No registered agent calls ${PROVIDER_LABELS[m.provider]} with the org's key (register agents with \`/warden agents set\`).`;
      return {
        text:
          `:busts_in_silhouette: *2. Impact* — ${PROVIDER_LABELS[m.provider]} keys and the environments using them:\n` +
          `${lines.join('\n') || '• no other keys'}\n${agentPart}\nOwning team(s) to tell: ${teams}${findings}`,
      };
    }
    case 'replace':
      return {
        text: `:key: *3. Replace* — create a new ${PROVIDER_LABELS[m.provider]} ${m.environment} key in the provider console, then add it here (an admin submits it; it is sealed, health-checked and activated as usual).`,
        extra: [{ type: 'actions', block_id: 'warden_runbook_replace', elements: [button('Add replacement key', RUNBOOK_ACTIONS.replace, incidentValue(m.incidentId), 'primary')] }],
      };
    case 'replaced':
      return {
        text: `:white_check_mark: *3. Replace* — <@${m.actorSlackId}> activated \`${m.maskedKey}\` (${m.fingerprint}). If it fails verification, another key can be added here.`,
        extra: [{ type: 'actions', block_id: 'warden_runbook_replace', elements: [button('Add a different key', RUNBOOK_ACTIONS.replace, incidentValue(m.incidentId))] }],
      };
    case 'verify_result':
      return m.ok
        ? { text: `:white_check_mark: *4. Verify* — test chat with \`${m.maskedKey}\` on ${m.model} succeeded in ${m.latencyMs} ms. ${escapeMrkdwn(m.detail)}` }
        : {
            text: `:x: *4. Verify* — test chat with \`${m.maskedKey}\` on ${m.model} failed: ${escapeMrkdwn(m.detail)} The incident stays open.`,
            extra: [{ type: 'actions', block_id: 'warden_runbook_verify', elements: [button('Retry verification', RUNBOOK_ACTIONS.retryVerify, incidentValue(m.incidentId))] }],
          };
    case 'revoke_checklist': {
      const url = PROVIDER_CONSOLE_URLS[m.provider];
      const where = url ? `<${url}|${PROVIDER_LABELS[m.provider]} console>` : `the ${PROVIDER_LABELS[m.provider]} host's console`;
      const key = m.maskedKey ? `\`${m.maskedKey}\` (${m.fingerprint})` : 'the leaked key';
      return {
        text: `:ballot_box_with_check: *5. Revoke at the provider* — delete ${key} in ${where}. Warden cannot do this for you; press Done once it is gone.`,
        extra: [{ type: 'actions', block_id: 'warden_runbook_revoke', elements: [button('Done: revoked at provider', RUNBOOK_ACTIONS.revokedDone, incidentValue(m.incidentId), 'primary')] }],
      };
    }
    case 'revoke_confirmed':
      return { text: `:white_check_mark: *5. Revoke at the provider* — confirmed by <@${m.actorSlackId}> at ${m.at.slice(0, 19).replace('T', ' ')} UTC.` };
    case 'note':
      return { text: m.text };
    case 'reminder':
      return {
        text: `:alarm_clock: ${m.mention.map((u) => `<@${u}>`).join(' ')} this incident has waited ${m.waitedMinutes} min for: ${m.waitingFor}.`,
      };
    case 'all_clear':
      return { text: `:large_green_circle: *6. All-clear* — incident \`${m.incidentId}\` is closed.\n*Timeline*\n${timelineText(m.timeline)}` };
    case 'cancelled':
      return {
        text:
          `:heavy_multiplication_x: Incident \`${m.incidentId}\` cancelled by <@${m.actorSlackId}>. The leaked key stays compromised (not served).\n` +
          `*Timeline*\n${timelineText(m.timeline)}`,
      };
  }
}

export function timelineText(timeline: TimelineEntry[]): string {
  return timeline
    .map((t) => {
      const who = t.actor === 'warden' ? 'Warden' : `<@${t.actor}>`;
      const detail = t.detail ? ` — ${escapeMrkdwn(t.detail)}` : '';
      return `• ${t.at.slice(0, 19).replace('T', ' ')} UTC · ${RUNBOOK_STEP_LABELS[t.step]} · ${who}${detail}`;
    })
    .join('\n');
}
