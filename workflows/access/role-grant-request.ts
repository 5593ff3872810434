import { allHandlersFinished, condition, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  allowedApprovers,
  escapeMrkdwn,
  GRANT_MESSAGES,
  requiredApprovals,
  type ActorProof,
  type GrantDecision,
  type GrantRequestState,
  type GrantRequestView,
  type RevokeGrantRequest,
  type RoleGrantRequestInput,
  type RoleGrantRequestResult,
  type Signed,
} from '../../lib/contracts';
import { messageProof, startProof } from '../actor-proof';
import { accessGovernance as access, accessSlack, slack } from '../activity-options';
import { decideGrantUpdate, grantRequestQuery, revokeGrantSignal } from '../messages';
import { fourEyesGate } from '../approvals/four-eyes-gate';
import { bestEffort, describeFailure } from '../workflow-helpers';
import { raiseRotationIfAdmin } from './raise-departed-admin-rotation';

/**
 * One access request, start to end: record it, ask the approvers in their channel, remind, escalate,
 * expire if nobody decides; once approved, hold the grant's expiry timer until it ends or an admin
 * revokes it early. The approval message is updated in place at every step. Every person's part (the
 * request, each click, an early revoke) is proven by its actor assertion in the activity that acts on it.
 */
export async function roleGrantRequest(input: Signed<RoleGrantRequestInput>): Promise<RoleGrantRequestResult> {
  const s = input.settings;
  // Registered before anything is awaited: Temporal rejects an update that finds no handler. A click
  // cannot come before the message with its buttons exists, but one sent around Slack waits for it here.
  let posted = false;
  setHandler(decideGrantUpdate, async (d) => {
    await condition(() => posted);
    return gate.decide(d);
  });
  let opened;
  try {
    opened = await access.openGrantRequest({
      proof: startProof(input),
      requestId: input.requestId,
      memberSlackId: input.memberSlackId,
      role: input.role,
      requesterSlackId: input.requesterSlackId,
      reason: input.reason,
      durationSeconds: input.durationSeconds,
    });
  } catch (err) {
    await bestEffort('tell the requester', slack.notifyUser({ user: input.requesterSlackId, text: `:no_entry: Access request not opened: ${describeFailure(err)}` }));
    throw err;
  }

  const view: GrantRequestView = {
    workflowId: workflowInfo().workflowId,
    grantId: opened.grantId,
    role: input.role,
    memberSlackId: input.memberSlackId,
    requesterSlackId: input.requesterSlackId,
    reason: input.reason,
    durationSeconds: input.durationSeconds,
    ...(input.endsAt ? { endsAt: input.endsAt } : {}),
    state: 'pending',
    requiredApprovals: requiredApprovals(s, input.role),
    approvals: opened.approvals,
    escalated: false,
  };
  // Set by handlers; an object so the main flow sees what the handlers wrote.
  const inbox: { revocations: Array<{ request: Signed<RevokeGrantRequest>; proof: ActorProof }> } = { revocations: [] };
  setHandler(grantRequestQuery, () => view);
  setHandler(revokeGrantSignal, (r) => {
    inbox.revocations.push({ request: r, proof: messageProof('signal', GRANT_MESSAGES.revoke, r) });
  });

  const message = await accessSlack.postGrantRequest({ channel: s.approversChannel, view });
  const publish = () => bestEffort('update the approval message', accessSlack.updateGrantRequest({ message, view }));
  const note = (text: string) => bestEffort('post in the approval thread', slack.postThreadNote({ thread: message, text }));
  const tell = (user: string, text: string) => bestEffort('send a direct message', slack.notifyUser({ user, text }));

  // The shared four-eyes loop (workflows/approvals); this request supplies its own check and record steps.
  const gate = fourEyesGate<GrantDecision, GrantRequestState>({
    requiredApprovals: view.requiredApprovals,
    approvals: view.approvals,
    state: () => view.state,
    authorize: (d) =>
      access.authorizeGrantDecision({
        proof: messageProof('update', GRANT_MESSAGES.decide, d),
        approverSlackId: d.approverSlackId,
        decision: d.decision,
        confirmedAdminGrant: d.confirmedAdminGrant,
        grantId: view.grantId,
        allowedApprovers: allowedApprovers(s, input.role, view.escalated),
      }),
    recordApproval: async (d) => {
      view.approvals = (await access.recordGrantApproval({ grantId: view.grantId, approverSlackId: d.approverSlackId })).approvals;
      return view.approvals;
    },
    onPartialApproval: publish,
  });
  posted = true;
  await tell(input.requesterSlackId, `:inbox_tray: Your request for *${input.role}* for <@${input.memberSlackId}> is waiting for approval in <#${s.approversChannel}>.`);

  // Reminder, escalation, expiry: each a named wait measured from when the request opened.
  const decidedInTime = await gate.waitThrough([
    [s.reminderAfterMs, () => note(`:bell: Reminder: this request still needs ${view.requiredApprovals - view.approvals.length} approval(s).`)],
    [
      s.escalateAfterMs - s.reminderAfterMs,
      async () => {
        view.escalated = true;
        const group = s.escalationApprovers.map((id) => `<@${id}>`).join(' ') || 'admins';
        await note(`:rotating_light: Escalated: nobody decided in time. ${group}, please approve or deny.`);
        await publish();
      },
    ],
  ]);
  if (!decidedInTime && !(await condition(gate.decided, Math.max(s.expireAfterMs - s.escalateAfterMs, 1)))) {
    // Set before any await: a click whose check is still running must not count once expiry has begun.
    gate.close();
    const expired = await access.expireGrant({ grantId: view.grantId, reason: 'nobody decided in time' });
    Object.assign(view, { state: 'expired', endedAt: expired.endedAt ?? undefined, note: 'nobody decided in time' });
    await publish();
    await note(':alarm_clock: This request expired because nobody decided in time.');
    await tell(input.requesterSlackId, `:alarm_clock: Your request for *${input.role}* for <@${input.memberSlackId}> expired undecided.`);
    return finish('expired');
  }

  const denial = gate.denial;
  if (denial) {
    const denied = await access.denyGrant({ grantId: view.grantId, deniedBySlackId: denial.approverSlackId });
    Object.assign(view, { state: 'denied', decidedBySlackId: denial.approverSlackId, decidedAt: denied.endedAt ?? undefined });
    await publish();
    await tell(input.requesterSlackId, `:no_entry: <@${denial.approverSlackId}> denied *${input.role}* for <@${input.memberSlackId}>.`);
    return finish('denied');
  }

  const approvers = view.approvals.map((a) => a.slackUserId);
  const granted = await access.approveGrant({ grantId: view.grantId, approverSlackIds: approvers, ...(input.endsAt ? { endsAt: input.endsAt } : {}) });
  Object.assign(view, {
    state: 'approved',
    decidedBySlackId: approvers[approvers.length - 1],
    decidedAt: view.approvals[view.approvals.length - 1]?.at,
    expiresAt: granted.expiresAt ?? undefined,
  });
  await publish();
  const until = granted.expiresAt ? ` until ${granted.expiresAt.slice(0, 16).replace('T', ' ')} UTC` : '';
  await tell(input.requesterSlackId, `:white_check_mark: *${input.role}* for <@${input.memberSlackId}> was approved by ${approvers.map((a) => `<@${a}>`).join(', ')}${until}.`);
  if (input.memberSlackId !== input.requesterSlackId) await tell(input.memberSlackId, `:white_check_mark: You now hold the *${input.role}* role${until}.`);
  if (!granted.expiresAt) return finish('approved');

  // The durable expiry timer: it survives worker and server restarts; an early revoke ends it by signal.
  const expiresAt = Date.parse(granted.expiresAt);
  while (await condition(() => inbox.revocations.length > 0, Math.max(expiresAt - Date.now(), 1))) {
    const { request, proof } = inbox.revocations.shift()!;
    let revoked;
    try {
      revoked = await access.revokeGrant({ grantId: view.grantId, actorSlackId: request.actorSlackId, reason: request.reason, proof });
    } catch (err) {
      // Refused (unproven, or not an admin): audited by the activity; the grant and its timer stay.
      await note(`:no_entry: A request to revoke this grant early was refused: ${describeFailure(err)}`);
      continue;
    }
    Object.assign(view, { state: 'revoked', endedAt: revoked.endedAt ?? undefined, note: `revoked early by <@${request.actorSlackId}>: ${escapeMrkdwn(request.reason)}` });
    await publish();
    await tell(input.memberSlackId, `:lock: Your *${input.role}* role was revoked by <@${request.actorSlackId}>: ${escapeMrkdwn(request.reason)}`);
    await raiseRotationIfAdmin({ role: input.role, memberSlackId: input.memberSlackId, requestId: view.grantId, onCall: input.settings.onCall });
    return finish('revoked');
  }
  const expired = await access.expireGrant({ grantId: view.grantId, reason: 'time-bound grant ended' });
  Object.assign(view, { state: 'expired', endedAt: expired.endedAt ?? undefined, note: 'the time-bound grant ended' });
  await publish();
  await tell(input.memberSlackId, `:alarm_clock: Your *${input.role}* role has expired and was removed.`);
  await raiseRotationIfAdmin({ role: input.role, memberSlackId: input.memberSlackId, requestId: view.grantId, onCall: input.settings.onCall });
  return finish('expired');

  async function finish(state: GrantRequestView['state']): Promise<RoleGrantRequestResult> {
    // Let a click that arrived during the last step get its answer before the workflow closes.
    await condition(allHandlersFinished);
    return { grantId: view.grantId, state };
  }
}
