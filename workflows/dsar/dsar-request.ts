import { allHandlersFinished, condition, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  DSAR_MESSAGES,
  DSAR_REMINDER_FRACTIONS,
  keptTotal,
  type DsarDecision,
  type DsarRequestInput,
  type DsarRequestResult,
  type DsarState,
  type DsarView,
  type Signed,
  type SlackMessageRef,
} from '../../lib/contracts';
import { messageProof, startProof } from '../actor-proof';
import { dsar, dsarExport, slack } from '../activity-options';
import { fourEyesGate } from '../approvals/four-eyes-gate';
import { decideDsarUpdate, dsarRequestQuery } from '../messages';
import { bestEffort, describeFailure } from '../workflow-helpers';

/**
 * One data-subject request, start to end: record it with its legal deadline, ask compliance in their channel
 * under the same four-eyes rules as role grants, then export the subject's records into an encrypted package
 * offered by a single-use link, or erase them, and report in the thread. Alongside, durable timers remind
 * compliance at 50 % and 80 % of the deadline, escalate when it passes and raise it again on a cadence
 * (daily by default) until the request is answered: an overdue legal obligation must not fall silent.
 */
export async function dsarRequest(input: Signed<DsarRequestInput>): Promise<DsarRequestResult> {
  const s = input.settings;
  const requestId = input.requestId;
  // Registered before anything is awaited: Temporal rejects an update that finds no handler.
  let posted = false;
  setHandler(decideDsarUpdate, async (d) => {
    await condition(() => posted);
    return gate.decide(d);
  });
  const deadlineMs = s.regimes[input.regime] ?? s.regimes[s.defaultRegime] ?? 30 * 86_400_000;
  let opened;
  try {
    opened = await dsar.openDsarRequest({
      proof: startProof(input),
      requestId,
      kind: input.kind,
      subjectRef: input.subjectRef,
      subjectLabel: input.subjectLabel,
      regime: input.regime,
      deadlineMs,
      openedAt: workflowInfo().startTime.toISOString(),
      requesterSlackId: input.requesterSlackId,
      verification: input.verification,
      reason: input.reason,
      roles: s.roles,
    });
  } catch (err) {
    await bestEffort('tell the requester', slack.notifyUser({ user: input.requesterSlackId, text: `:no_entry: Data-subject request not opened: ${describeFailure(err)}` }));
    throw err;
  }

  const view: DsarView = {
    workflowId: workflowInfo().workflowId,
    kind: input.kind,
    subjectLabel: input.subjectLabel,
    pseudonymHint: opened.pseudonym.slice(0, 16),
    regime: input.regime,
    deadlineAt: opened.deadlineAt,
    requesterSlackId: input.requesterSlackId,
    verification: input.verification,
    reason: input.reason,
    state: 'pending',
    requiredApprovals: s.requiredApprovals,
    approvals: opened.approvals,
  };
  setHandler(dsarRequestQuery, () => view);
  const message = await dsar.postDsarRequest({ channel: s.channel, view });
  const publish = () => bestEffort('update the request message', dsar.updateDsarRequest({ message, view }));
  const note = (text: string) => bestEffort('post in the request thread', slack.postThreadNote({ thread: message, text }));
  const tell = (text: string) => bestEffort('send a direct message', slack.notifyUser({ user: input.requesterSlackId, text }));

  // The four-eyes loop shared with role grants; a denial must carry its reason (checked by the activity too).
  const gate = fourEyesGate<DsarDecision, DsarState>({
    requiredApprovals: s.requiredApprovals,
    approvals: view.approvals,
    state: () => view.state,
    authorize: (d) =>
      dsar.authorizeDsarDecision({
        proof: messageProof('update', DSAR_MESSAGES.decide, d),
        approverSlackId: d.approverSlackId,
        decision: d.decision,
        ...(d.reason ? { reason: d.reason } : {}),
        requestId,
        roles: s.roles,
      }),
    recordApproval: async (d) => {
      view.approvals = (await dsar.recordDsarApproval({ requestId, approverSlackId: d.approverSlackId })).approvals;
      return view.approvals;
    },
    onPartialApproval: publish,
  });
  posted = true;
  await tell(`:inbox_tray: Your ${input.kind} request for ${input.subjectLabel} waits for approval in <#${s.channel}>; it is due ${day(view.deadlineAt)}.`);

  const progress = { answered: false };
  const deadlineWatch = watchDeadline(Date.parse(view.deadlineAt), deadlineMs, s.overdueEveryMs ?? DAY_MS, progress, { requestId, note, tell });

  await condition(gate.decided);
  const denial = gate.denial;
  if (denial) {
    const reason = denial.reason?.trim() ?? '';
    await dsar.decideDsar({ requestId, decision: 'denied', bySlackId: denial.approverSlackId, denialReason: reason });
    Object.assign(view, { state: 'denied', decidedBySlackId: denial.approverSlackId, denialReason: reason });
    progress.answered = true;
    await publish();
    await tell(`:no_entry: <@${denial.approverSlackId}> denied your ${input.kind} request for ${input.subjectLabel}. Reason: ${reason}`);
    return finish('denied');
  }

  const approvers = view.approvals.map((a) => a.slackUserId);
  await dsar.decideDsar({ requestId, decision: 'approved', bySlackId: approvers[approvers.length - 1]! });
  Object.assign(view, { state: 'approved', decidedBySlackId: approvers[approvers.length - 1] });
  await publish();
  try {
    view.outcome = input.kind === 'export' ? await fulfilExport(message) : await fulfilErasure(message);
    await dsar.finishDsar({ requestId, status: 'fulfilled', note: view.outcome });
    view.state = 'fulfilled';
  } catch (err) {
    view.outcome = describeFailure(err);
    await dsar.finishDsar({ requestId, status: 'failed', note: view.outcome });
    view.state = 'failed';
    await note(`:x: This request failed: ${view.outcome}. Open a new request once the cause is fixed.`);
  }
  progress.answered = true;
  await publish();
  return finish(view.state);

  async function fulfilExport(thread: SlackMessageRef): Promise<string> {
    const pkg = await dsarExport.exportDsarPackage({ requestId });
    const link = await dsar.offerDsarDownload({ requestId, packageId: pkg.packageId });
    const files = pkg.files.map((f) => `${f.name} (${f.records})`).join(', ');
    const text = `${pkg.totalRecords} records exported in ${pkg.files.length + 1} files`;
    await bestEffort(
      'post in the request thread',
      slack.postThreadNote({
        thread,
        text: `:package: Export package ready and encrypted at rest: ${text} (${files}, manifest.json). A single-use download link, valid until ${link.expiresAt.slice(0, 16).replace('T', ' ')} UTC, went to <@${input.requesterSlackId}> by DM.`,
      }),
    );
    return text;
  }

  async function fulfilErasure(thread: SlackMessageRef): Promise<string> {
    const report = await dsarExport.eraseDsarSubject({ requestId });
    await dsar.postErasureReport({ thread, report });
    const kept = keptTotal(report.totals.kept);
    return `${report.totals.erased} records erased, ${report.totals.nulled + report.totals.pseudonymised} changed, ${kept} kept`;
  }

  async function finish(state: DsarState): Promise<DsarRequestResult> {
    await deadlineWatch;
    // Let a click that arrived during the last step get its answer before the workflow closes.
    await condition(allHandlersFinished);
    return { requestId, state };
  }
}

const DAY_MS = 86_400_000;

/**
 * Durable reminders at each fraction of the legal deadline, an escalation when it passes and an overdue
 * reminder every `overdueEveryMs` after it, all measured from absolute times (workflow time), so a worker or
 * server restart changes nothing. Stops once the request is answered.
 */
async function watchDeadline(
  deadlineAt: number,
  deadlineMs: number,
  overdueEveryMs: number,
  progress: { answered: boolean },
  io: { requestId: string; note: (t: string) => Promise<void>; tell: (t: string) => Promise<void> },
): Promise<void> {
  const openedAt = deadlineAt - deadlineMs;
  for (const fraction of DSAR_REMINDER_FRACTIONS) {
    if (await condition(() => progress.answered, Math.max(openedAt + fraction * deadlineMs - Date.now(), 1))) return;
    const pct = Math.round(fraction * 100);
    await io.note(`:bell: Reminder: ${pct} % of the legal deadline has passed; this request is due ${day(new Date(deadlineAt).toISOString())}.`);
    await bestEffort('audit the reminder', dsar.auditDsarDeadline({ requestId: io.requestId, threshold: `${pct}%` }));
  }
  if (await condition(() => progress.answered, Math.max(deadlineAt - Date.now(), 1))) return;
  await io.note(':rotating_light: Escalated: the legal deadline has passed and this request is still not answered. <!channel>, decide and fulfil it now.');
  await io.tell(':rotating_light: The legal deadline of your data-subject request has passed; compliance has been alerted.');
  await bestEffort('audit the escalation', dsar.auditDsarDeadline({ requestId: io.requestId, threshold: 'deadline' }));
  // Requests escalated before overdue reminders existed wait on as they did, so their histories replay.
  if (!patched('dsar-overdue-reminders')) return;
  // After an outage, one reminder for the missed ones, then on the cadence again.
  for (let n = 1; ; n = Math.max(n + 1, Math.floor((Date.now() - deadlineAt) / overdueEveryMs) + 1)) {
    if (await condition(() => progress.answered, Math.max(deadlineAt + n * overdueEveryMs - Date.now(), 1))) return;
    await io.note(
      `:rotating_light: Still overdue (reminder ${n}): this request was due ${day(new Date(deadlineAt).toISOString())} and is not answered. <!here>, decide and fulfil it; Warden repeats this until it is answered.`,
    );
    await bestEffort('audit the overdue reminder', dsar.auditDsarDeadline({ requestId: io.requestId, threshold: `overdue:${n}` }));
  }
}

const day = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
