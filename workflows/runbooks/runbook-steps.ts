import { condition, log, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  RUNBOOK_STEP_LABELS,
  temporalRunUrl,
  type KeyLeakRunbookInput,
  type ReplacementKey,
  type RunbookState,
  type RunbookStep,
  type Signed,
  type SlackMessageRef,
  type TimelineEntry,
} from '../../lib/contracts';
import type { ContainedKey } from '../../activities/runbooks/incident-steps';
import { startProof } from '../actor-proof';
import { accessGovernance, agentGovernance, oncall, oncallProviderCalls } from '../activity-options';
import { runbookStateQuery } from '../messages';
import { bestEffort, describeFailure } from '../workflow-helpers';
import { listenForRunbookSignals, type RunbookMessageIn } from './runbook-inbox';

/** What the runbook knows so far: the small record every step reads and writes. */
export interface Progress {
  contained: ContainedKey | null;
  replacement: ReplacementKey | null;
  verifyWanted: boolean;
  verified: boolean;
  revokedBy: string | null;
  cancelledBy: string | null;
  /** Time spent waiting for people since anything last happened (for the reminder's wording). */
  waitedMs: number;
}

export interface Run {
  input: KeyLeakRunbookInput;
  /** What queries (and `/warden incident list`) see. */
  state: RunbookState;
  progress: Progress;
  inbox: RunbookMessageIn[];
  thread: SlackMessageRef;
  /** The messages with buttons for steps 3 and 5, replaced once their step is done. */
  buttons: { replace: SlackMessageRef; revoke: SlackMessageRef } | null;
}

type RunbookMessage = Parameters<typeof oncall.postRunbookMessage>[0]['message'];

const post = (run: Run, message: RunbookMessage) => oncall.postRunbookMessage({ thread: run.thread, message });
const note = (run: Run, step: TimelineEntry['step'], actor: string, detail?: string) =>
  run.state.timeline.push({ step, actor, at: new Date().toISOString(), ...(detail ? { detail } : {}) });

/** Opening: the responder is proven and authorised, the incident is recorded and its thread opened. */
export async function openRunbook(input: Signed<KeyLeakRunbookInput>): Promise<Run> {
  const { incidentId, provider, environment, actorSlackId, source, requestId, settings } = input;
  const state: RunbookState = { incidentId, step: 'contain', waitingFor: null, compromisedKeyId: null, replacementKeyId: null, timeline: [] };
  setHandler(runbookStateQuery, () => state);
  const inbox = listenForRunbookSignals();
  try {
    await oncall.authorizeResponder({ proof: startProof(input), actorSlackId, action: 'incident.key_leak', target: `${provider}/${environment}`, requestId });
  } catch (err) {
    await bestEffort('tell the requester', oncall.notifyResponder({ user: actorSlackId, text: `:no_entry: ${describeFailure(err)}` }));
    throw err;
  }
  await oncall.openIncident({ incidentId, provider, environment, actorSlackId, source, requestId });
  const runUrl = temporalRunUrl(settings.temporalUiUrl, settings.namespace, workflowInfo().workflowId);
  const thread = await oncall.openIncidentThread({ channel: settings.incidentChannel, incidentId, message: { kind: 'opened', incidentId, provider, environment, actorSlackId, runUrl } });
  const run: Run = {
    input,
    state,
    inbox,
    thread,
    buttons: null,
    progress: { contained: null, replacement: null, verifyWanted: false, verified: false, revokedBy: null, cancelledBy: null, waitedMs: 0 },
  };
  note(run, 'opened', actorSlackId);
  return run;
}

/** 1. Contain: the leaked key leaves its slot. With a leak grace, traffic keeps it a little longer (cancel ends the wait). */
export async function containStep(run: Run): Promise<void> {
  const { leakGraceMs } = run.input.settings;
  if (leakGraceMs > 0) {
    await post(run, { kind: 'note', text: `:hourglass: Leak grace period: the key stays in service for ${Math.round(leakGraceMs / 1000)} s more, then it is contained.` });
    const until = Date.now() + leakGraceMs;
    while (!run.progress.cancelledBy && Date.now() < until) {
      if (await condition(() => run.inbox.length > 0, until - Date.now())) await applyNextMessage(run);
    }
    if (run.progress.cancelledBy) return;
  }
  const { incidentId, provider, environment, actorSlackId, leakedKeyId } = run.input;
  const contained = await oncall.containLeakedKey({ incidentId, provider, environment, actorSlackId, leakedKeyId });
  run.progress.contained = contained;
  run.state.compromisedKeyId = contained?.keyId ?? null;
  if (contained) {
    await post(run, { kind: 'contained', maskedKey: contained.maskedKey, fingerprint: contained.fingerprint, environment });
    note(run, 'contain', 'warden', `${contained.maskedKey} (${contained.fingerprint})`);
  } else {
    await post(run, { kind: 'nothing_to_contain', provider, environment });
    note(run, 'contain', 'warden', 'no active org key to contain');
  }
}

/** 2. Impact: every key of the provider, the agents that call it with the org's key, and the teams that own them. */
export async function impactStep(run: Run): Promise<void> {
  run.state.step = 'impact';
  const { provider, environment, incidentId } = run.input;
  const impact = await oncall.describeImpact({ provider, environment });
  await post(run, { kind: 'impact', provider, environment, ...impact });
  const affected = impact.agents.filter((a) => a.environment === environment);
  await bestEffort("DM the affected agents' team contacts", agentGovernance.tellAgentTeams({ incidentId, provider, environment, agents: affected, thread: run.thread }));
  const agents = affected.length ? `; agents: ${affected.map((a) => a.agent).join(', ')}` : '';
  note(run, 'impact', 'warden', `${impact.ownerTeams.length ? `teams: ${impact.ownerTeams.join(', ')}` : 'no owning team recorded'}${agents}`);
}

/** 3 and 5 are asked for at once: revoking at the provider need not wait for the replacement. */
export async function askForReplacementAndRevocation(run: Run): Promise<void> {
  const { incidentId, provider, environment } = run.input;
  await saveStep(run, 'replace');
  const replace = await post(run, { kind: 'replace', incidentId, provider, environment });
  const c = run.progress.contained;
  const revoke = await post(run, { kind: 'revoke_checklist', incidentId, provider, maskedKey: c?.maskedKey ?? null, fingerprint: c?.fingerprint ?? null });
  run.buttons = { replace, revoke };
}

/** One person's signal: believed only once its actor assertion is verified (and the person may act). */
export async function applyNextMessage(run: Run): Promise<void> {
  const m = run.inbox.shift();
  if (!m) return;
  const { incidentId } = run.input;
  const who = m.kind === 'replacement' ? m.replacement.actorSlackId : m.actorSlackId;
  try {
    if (m.kind === 'replacement') await oncall.acceptReplacement({ proof: m.proof, incidentId, replacement: m.replacement });
    else await oncall.authorizeResponder({ proof: m.proof, actorSlackId: m.actorSlackId, action: `incident.${m.kind}`, target: incidentId, requestId: incidentId });
  } catch (err) {
    // Audited by the activity; said in the thread so a person whose click did not count learns why.
    await bestEffort('post the refusal', post(run, { kind: 'note', text: `:no_entry: <@${who}>'s ${m.kind.replace(/_/g, ' ')} did not count: ${describeFailure(err)}` }));
    return;
  }
  run.progress.waitedMs = 0;
  const p = run.progress;
  if (m.kind === 'cancel') p.cancelledBy ??= m.actorSlackId;
  else if (m.kind === 'retry_verification') p.verifyWanted ||= p.replacement !== null && !p.verified;
  else if (m.kind === 'revoked_at_provider') await recordRevocation(run, m.actorSlackId);
  else if (m.replacement.keyId !== p.replacement?.keyId) await recordReplacement(run, m.replacement);
}

async function recordReplacement(run: Run, r: ReplacementKey): Promise<void> {
  Object.assign(run.progress, { replacement: r, verified: false, verifyWanted: true });
  run.state.replacementKeyId = r.keyId;
  note(run, 'replace', r.actorSlackId, `${r.maskedKey} (${r.fingerprint})`);
  await oncall.recordRunbookStep({ incidentId: run.input.incidentId, step: 'replace', nextStep: 'verify', actorSlackId: r.actorSlackId, replacementKeyId: r.keyId });
  if (run.buttons) await bestEffort('close the replace step', oncall.replaceRunbookMessage({ message: run.buttons.replace, with: { kind: 'replaced', incidentId: run.input.incidentId, ...r } }));
}

async function recordRevocation(run: Run, by: string): Promise<void> {
  if (run.progress.revokedBy) return;
  run.progress.revokedBy = by;
  note(run, 'revoke_at_provider', by);
  const at = run.state.timeline[run.state.timeline.length - 1]!.at;
  await oncall.recordRunbookStep({ incidentId: run.input.incidentId, step: 'revoke_at_provider', actorSlackId: by, detail: `confirmed at ${at}` });
  if (run.buttons) await bestEffort('close the revoke step', oncall.replaceRunbookMessage({ message: run.buttons.revoke, with: { kind: 'revoke_confirmed', actorSlackId: by, at } }));
}

/**
 * 4. Verify: one test chat with the new key, decrypted only inside the activity. While break-glass covers
 * the slot, Warden does not use the key at all: the test waits (and says so) until it is lifted.
 */
export async function verifyStep(run: Run): Promise<void> {
  const { provider, environment, incidentId, settings } = run.input;
  const flag = await accessGovernance.breakGlassFlag({ scope: `key:${provider}/${environment}` });
  if (flag) {
    if (run.state.waitingFor !== 'break-glass') {
      await post(run, { kind: 'note', text: `:red_circle: Break-glass is on for \`${flag.scope}\`: the test chat with the new key waits until an admin lifts it.` });
      run.state.waitingFor = 'break-glass';
    }
    await condition(() => run.inbox.length > 0, settings.breakGlassRecheckMs);
    return;
  }
  const r = run.progress.replacement!;
  run.progress.verifyWanted = false;
  await saveStep(run, 'verify');
  const result = await oncallProviderCalls.verifyReplacementKey({ incidentId, keyId: r.keyId, actorSlackId: r.actorSlackId });
  // A newer replacement may have arrived meanwhile; only the latest one counts as verified.
  run.progress.verified = result.ok && run.progress.replacement?.keyId === r.keyId;
  note(run, result.ok ? 'verify' : 'verify_failed', 'warden', `${result.model}, ${result.latencyMs} ms${result.ok ? '' : `: ${result.detail}`}`);
  await post(run, { kind: 'verify_result', incidentId, ...result });
  run.progress.waitedMs = 0;
}

/** Waits for the next click; after WARDEN_RUNBOOK_REMINDER_AFTER without one, reminds the responders. */
export async function waitForPeople(run: Run): Promise<void> {
  const p = run.progress;
  await saveStep(run, !p.replacement ? 'replace' : !p.verified ? 'verify' : 'revoke_at_provider');
  run.state.waitingFor = waitingFor(p);
  const { reminderAfterMs, onCallUsers } = run.input.settings;
  if (await condition(() => run.inbox.length > 0, reminderAfterMs)) return;
  p.waitedMs += reminderAfterMs;
  const mention = [...new Set([run.input.actorSlackId, ...onCallUsers])];
  await bestEffort('remind the on-call people', post(run, { kind: 'reminder', waitingFor: run.state.waitingFor, mention, waitedMinutes: Math.round(p.waitedMs / 60_000) }));
}

/** 6. All-clear: only with a verified replacement and a confirmed revocation; the timeline goes to the audit log. */
export async function allClearStep(run: Run): Promise<RunbookState> {
  const { incidentId } = run.input;
  run.state.step = 'all_clear';
  run.state.waitingFor = null;
  note(run, 'all_clear', 'warden');
  await oncall.closeIncident({ incidentId, status: 'resolved', actorSlackId: run.progress.revokedBy ?? run.input.actorSlackId, timeline: run.state.timeline });
  await post(run, { kind: 'all_clear', incidentId, timeline: run.state.timeline });
  run.state.step = 'closed';
  return run.state;
}

/** Cancelled by a responder: the leaked key stays compromised; the timeline is kept. */
export async function cancelStep(run: Run, by: string): Promise<RunbookState> {
  const { incidentId } = run.input;
  note(run, 'cancelled', by);
  run.state.step = 'cancelled';
  run.state.waitingFor = null;
  await oncall.closeIncident({ incidentId, status: 'cancelled', actorSlackId: by, timeline: run.state.timeline });
  await bestEffort('post the cancellation', post(run, { kind: 'cancelled', incidentId, actorSlackId: by, timeline: run.state.timeline }));
  log.info('Key-leak incident cancelled', { incidentId, by });
  return run.state;
}

/** Where the incident waits now, for queries and for `/warden incident list` (stored only when it moves). */
async function saveStep(run: Run, step: RunbookStep): Promise<void> {
  if (run.state.step === step) return;
  run.state.step = step;
  await oncall.setIncidentStep({ incidentId: run.input.incidentId, step });
}

function waitingFor(p: Progress): string {
  const missing: string[] = [];
  if (!p.replacement) missing.push(`a replacement key ("${RUNBOOK_STEP_LABELS.replace}")`);
  else if (!p.verified) missing.push('a successful test chat (press "Retry verification" or add another key)');
  if (!p.revokedBy) missing.push('confirmation that the leaked key is revoked at the provider');
  return missing.join(' and ');
}
