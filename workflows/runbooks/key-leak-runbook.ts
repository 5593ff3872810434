import { condition, log, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  RUNBOOK_STEP_LABELS,
  temporalRunUrl,
  type KeyLeakRunbookInput,
  type RunbookState,
  type TimelineEntry,
} from '../../lib/contracts';
import { oncall, oncallProviderCalls } from '../activity-options';
import { bestEffort, describeFailure } from '../keys/progress-thread';
import { cancelIncidentSignal, replacementKeyActivatedSignal, retryVerificationSignal, revokedAtProviderSignal, runbookStateQuery } from '../messages';

interface Replacement {
  keyId: string;
  maskedKey: string;
  fingerprint: string;
  actorSlackId: string;
}

/**
 * The key-leak runbook: contain → impact → replace → verify → revoke at the provider → all-clear.
 * People act through buttons (signals); the all-clear needs a verified replacement and a confirmed
 * revocation. Durable: a restart resumes at the same step. Cancellable at any point.
 */
export async function keyLeakRunbook(input: KeyLeakRunbookInput): Promise<RunbookState> {
  const { settings, incidentId, provider, environment, actorSlackId, source, requestId } = input;
  const state: RunbookState = { incidentId, step: 'contain', waitingFor: null, compromisedKeyId: null, replacementKeyId: null, timeline: [] };
  const note = (step: TimelineEntry['step'], actor: string, detail?: string) =>
    state.timeline.push({ step, actor, at: new Date().toISOString(), ...(detail ? { detail } : {}) });

  let replacement: Replacement | null = null;
  let announcedReplacement: string | null = null;
  let verifyRequested = false;
  let verified = false;
  let revokedBy: string | null = null;
  let revokeAnnounced = false;
  let cancelledBy: string | null = null;
  const currentReplacement = (): Replacement | null => replacement;
  setHandler(runbookStateQuery, () => state);
  setHandler(replacementKeyActivatedSignal, (r) => {
    replacement = r;
    verified = false;
    verifyRequested = true;
  });
  setHandler(retryVerificationSignal, () => {
    if (replacement && !verified) verifyRequested = true;
  });
  setHandler(revokedAtProviderSignal, (by) => {
    if (revokedBy) return;
    revokedBy = by.actorSlackId;
    note('revoke_at_provider', by.actorSlackId);
  });
  setHandler(cancelIncidentSignal, (by) => {
    cancelledBy ??= by.actorSlackId;
  });

  const target = `${provider}/${environment}`;
  try {
    await oncall.authorizeResponder({ actorSlackId, action: 'incident.key_leak', target, requestId });
  } catch (err) {
    await bestEffort('tell the requester', oncall.notifyResponder({ user: actorSlackId, text: `:no_entry: ${describeFailure(err)}` }));
    throw err;
  }
  await oncall.openIncident({ incidentId, provider, environment, actorSlackId, source, requestId });
  const runUrl = temporalRunUrl(settings.temporalUiUrl, settings.namespace, workflowInfo().workflowId);
  const thread = await oncall.openIncidentThread({
    channel: settings.incidentChannel,
    incidentId,
    message: { kind: 'opened', incidentId, provider, environment, actorSlackId, runUrl },
  });
  note('opened', actorSlackId);
  const post = (message: Parameters<typeof oncall.postRunbookMessage>[0]['message']) => oncall.postRunbookMessage({ thread, message });

  // 1. Contain. With a configured leak grace, traffic keeps its key a little longer (cancel stops the wait).
  if (settings.leakGraceMs > 0) {
    await post({ kind: 'note', text: `:hourglass: Leak grace period: the key stays in service for ${Math.round(settings.leakGraceMs / 1000)} s more, then it is contained.` });
    await condition(() => cancelledBy !== null, settings.leakGraceMs);
  }
  if (cancelledBy) return cancel(cancelledBy);
  const contained = await oncall.containLeakedKey({ incidentId, provider, environment, actorSlackId, leakedKeyId: input.leakedKeyId });
  state.compromisedKeyId = contained?.keyId ?? null;
  if (contained) {
    await post({ kind: 'contained', maskedKey: contained.maskedKey, fingerprint: contained.fingerprint, environment });
    note('contain', 'warden', `${contained.maskedKey} (${contained.fingerprint})`);
  } else {
    await post({ kind: 'nothing_to_contain', provider, environment });
    note('contain', 'warden', 'no active org key to contain');
  }

  // 2. Impact.
  state.step = 'impact';
  const impact = await oncall.describeImpact({ provider });
  await post({ kind: 'impact', provider, ...impact });
  note('impact', 'warden', impact.ownerTeams.length ? `teams: ${impact.ownerTeams.join(', ')}` : 'no owning team recorded');

  // 3 and 5 are asked for at once: revoking at the provider need not wait for the replacement.
  state.step = 'replace';
  state.waitingFor = waitingFor(false, false, false);
  let savedStep: string = state.step;
  await oncall.setIncidentStep({ incidentId, step: savedStep });
  const replaceMessage = await post({ kind: 'replace', incidentId, provider, environment });
  const revokeMessage = await post({
    kind: 'revoke_checklist',
    incidentId,
    provider,
    maskedKey: contained?.maskedKey ?? null,
    fingerprint: contained?.fingerprint ?? null,
  });

  let waitedMs = 0;
  for (;;) {
    if (cancelledBy) return cancel(cancelledBy);
    // Read through a function: signal handlers change these between awaits, which TypeScript cannot see.
    const r = currentReplacement();
    if (r && announcedReplacement !== r.keyId) {
      announcedReplacement = r.keyId;
      state.replacementKeyId = r.keyId;
      note('replace', r.actorSlackId, `${r.maskedKey} (${r.fingerprint})`);
      await oncall.recordRunbookStep({ incidentId, step: 'replace', nextStep: 'verify', actorSlackId: r.actorSlackId, replacementKeyId: r.keyId });
      await bestEffort('close the replace step', oncall.replaceRunbookMessage({ message: replaceMessage, with: { kind: 'replaced', incidentId, ...r } }));
    }
    if (revokedBy && !revokeAnnounced) {
      revokeAnnounced = true;
      const at = state.timeline.find((t) => t.step === 'revoke_at_provider')?.at ?? new Date().toISOString();
      await oncall.recordRunbookStep({ incidentId, step: 'revoke_at_provider', actorSlackId: revokedBy, detail: `confirmed at ${at}` });
      await bestEffort('close the revoke step', oncall.replaceRunbookMessage({ message: revokeMessage, with: { kind: 'revoke_confirmed', actorSlackId: revokedBy, at } }));
    }
    if (r && verifyRequested) {
      // 4. Verify: one test chat with the new key, decrypted only inside the activity.
      verifyRequested = false;
      state.step = 'verify';
      const result = await oncallProviderCalls.verifyReplacementKey({ incidentId, keyId: r.keyId, actorSlackId: r.actorSlackId });
      verified = result.ok && replacement === r;
      note(result.ok ? 'verify' : 'verify_failed', 'warden', `${result.model}, ${result.latencyMs} ms${result.ok ? '' : `: ${result.detail}`}`);
      await post({ kind: 'verify_result', incidentId, ...result });
      waitedMs = 0;
      continue;
    }
    if (verified && revokedBy) break;

    state.step = !replacement ? 'replace' : !verified ? 'verify' : 'revoke_at_provider';
    if (state.step !== savedStep) {
      savedStep = state.step;
      await oncall.setIncidentStep({ incidentId, step: savedStep });
    }
    state.waitingFor = waitingFor(replacement !== null, verified, revokedBy !== null);
    const progressed = await condition(
      () =>
        cancelledBy !== null ||
        verifyRequested ||
        (revokedBy !== null && !revokeAnnounced) ||
        (replacement !== null && (replacement as Replacement).keyId !== announcedReplacement),
      settings.reminderAfterMs,
    );
    if (progressed) {
      waitedMs = 0;
      continue;
    }
    waitedMs += settings.reminderAfterMs;
    const mention = [...new Set([actorSlackId, ...settings.onCallUsers])];
    await bestEffort('remind the on-call people', post({ kind: 'reminder', waitingFor: state.waitingFor, mention, waitedMinutes: Math.round(waitedMs / 60_000) }));
  }

  // 6. All-clear.
  state.step = 'all_clear';
  state.waitingFor = null;
  note('all_clear', 'warden');
  await oncall.closeIncident({ incidentId, status: 'resolved', actorSlackId: revokedBy ?? actorSlackId, timeline: state.timeline });
  await post({ kind: 'all_clear', incidentId, timeline: state.timeline });
  state.step = 'closed';
  return state;

  async function cancel(by: string): Promise<RunbookState> {
    note('cancelled', by);
    state.step = 'cancelled';
    state.waitingFor = null;
    await oncall.closeIncident({ incidentId, status: 'cancelled', actorSlackId: by, timeline: state.timeline });
    await bestEffort('post the cancellation', post({ kind: 'cancelled', incidentId, actorSlackId: by, timeline: state.timeline }));
    log.info('Key-leak incident cancelled', { incidentId, by });
    return state;
  }
}

function waitingFor(replaced: boolean, verified: boolean, revoked: boolean): string {
  const missing: string[] = [];
  if (!replaced) missing.push(`a replacement key ("${RUNBOOK_STEP_LABELS.replace}")`);
  else if (!verified) missing.push('a successful test chat (press "Retry verification" or add another key)');
  if (!revoked) missing.push('confirmation that the leaked key is revoked at the provider');
  return missing.join(' and ');
}
