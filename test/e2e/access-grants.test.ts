import { GRANT_ACTIONS, type GrantDecision } from '../../lib/contracts';
import { decideGrantUpdate } from '../../workflows/messages';
import type { FakeSlackMessage } from '../fakes/slack-web-api';
import { slackDriver } from '../helpers/slack-driver';
import { blockActionsBody, postSignedToSlackEndpoint, viewSubmissionBody } from '../helpers/slack-requests';
import { ADMIN, ADMIN_CHANNEL, eventually, NON_ADMIN, SECOND_ADMIN, startTestStack, type TestStack } from '../helpers/warden-stack';

const APPROVERS_CHANNEL = 'C0APPROVE01';
const BUILDER_APPROVER = { id: 'U0APPROVER1', email: 'ada.approver@example.com' };
const ESCALATION_APPROVER = { id: 'U0ESCALATE1', email: 'eli.escalation@example.com' };
const CONTRACTOR = { id: 'U0CONTRACT1', email: 'cy.contractor@example.com' };
const STRANGER = 'U0STRANGER1';

let stack: TestStack;
let slack: ReturnType<typeof slackDriver>;

beforeAll(async () => {
  stack = await startTestStack({
    env: {
      WARDEN_APPROVERS_CHANNEL: APPROVERS_CHANNEL,
      WARDEN_ROLE_APPROVERS: `builder:${BUILDER_APPROVER.id}`,
      WARDEN_ROLE_APPROVALS: 'admin:2',
      WARDEN_ESCALATION_APPROVERS: ESCALATION_APPROVER.id,
      WARDEN_ACCESS_REMINDER_AFTER: '3s',
      WARDEN_ACCESS_ESCALATE_AFTER: '6s',
      WARDEN_ACCESS_EXPIRE_AFTER: '9s',
    },
  });
  slack = slackDriver(stack);
  stack.slack.addUser({ id: BUILDER_APPROVER.id, real_name: 'Ada Approver', email: BUILDER_APPROVER.email });
  for (const [user, extra] of [
    [NON_ADMIN, ''],
    [BUILDER_APPROVER, ''],
    [ESCALATION_APPROVER, ''],
    [CONTRACTOR, ` --contractor --manager <@${ADMIN.id}|ana>`],
  ] as const) {
    const res = await slack.slash(ADMIN.id, `access member add <@${user.id}|x> ${user.email}${extra}`);
    expect(res.json.text).toContain('Registering');
    await eventually(`${user.id} to be registered`, () => stack.warden.services.members.findBySlackId(user.id).then((m) => m ?? undefined));
  }
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

/** The approval message for a member and role, as the fake Slack holds it now. */
function approvalMessage(memberId: string, role: string, nth = -1): FakeSlackMessage | undefined {
  const all = stack.slack.messages(APPROVERS_CHANNEL).filter((m) => !m.thread_ts && m.text?.includes(`<@${memberId}> → *${role}*`));
  return all.at(nth);
}

function buttons(message: FakeSlackMessage): { approve: string; deny: string } {
  const actions = (message.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>).find((b) => b.type === 'actions');
  if (!actions?.elements) throw new Error('the approval message has no buttons');
  const value = (id: string) => actions.elements!.find((e) => e.action_id === id)!.value;
  return { approve: value(GRANT_ACTIONS.approve), deny: value(GRANT_ACTIONS.deny) };
}

async function click(userId: string, message: FakeSlackMessage, action: 'approve' | 'deny') {
  const responseUrl = stack.slack.issueResponseUrl();
  const body = blockActionsBody({
    userId,
    actionId: GRANT_ACTIONS[action],
    blockId: 'warden_grant_decision',
    value: buttons(message)[action],
    channelId: APPROVERS_CHANNEL,
    messageTs: message.ts,
    responseUrl,
    triggerId: stack.slack.issueTriggerId(),
  });
  const res = await postSignedToSlackEndpoint(stack.botUrl, body, { signingSecret: stack.env.SLACK_SIGNING_SECRET! });
  expect(res.status).toBe(200);
  const reply = await eventually(`the answer to ${userId}'s ${action} click`, () => stack.slack.responses().find((r) => r.url === responseUrl));
  return String((reply.body as { text?: string }).text);
}

async function request(requester: string, text: string, memberId: string, role: string) {
  const before = stack.slack.messages(APPROVERS_CHANNEL).filter((m) => !m.thread_ts && m.text?.includes(`<@${memberId}> → *${role}*`)).length;
  const res = await slack.slash(requester, `access request ${text}`);
  expect(res.json).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining(`Requested *${role}*`) });
  return eventually('the approval message', () => {
    const all = stack.slack.messages(APPROVERS_CHANNEL).filter((m) => !m.thread_ts && m.text?.includes(`<@${memberId}> → *${role}*`));
    return all.length > before ? all[all.length - 1] : undefined;
  });
}

const grantOf = (message: FakeSlackMessage) => JSON.parse(buttons(message).approve) as { workflowId: string; grantId: string };
const grantRow = (grantId: string) => stack.warden.services.roleGrants.get(grantId);

test('member registration is admin-only, names the person, and flags a shared mailbox as a finding', async () => {
  const refused = await slack.slash(NON_ADMIN.id, `access member add <@U0NEWPERS1|n> new.person@example.com`);
  expect(refused.json.text).toContain('Only org admins can register members');
  expect(await stack.warden.services.members.findBySlackId('U0NEWPERS1')).toBeNull();

  expect((await slack.slash(ADMIN.id, 'access member add <@U0SHARED01|ops> team-ml@example.com')).json.text).toContain('Registering');
  await eventually('the utility-account finding', async () =>
    (await stack.warden.services.audit.list({ action: 'member.utility_account_flagged', target: 'U0SHARED01' })).length === 1 || undefined,
  );
  const approver = await stack.warden.services.members.findBySlackId(BUILDER_APPROVER.id);
  expect(approver).toMatchObject({ email: BUILDER_APPROVER.email, displayName: 'Ada Approver', contractor: false });
  expect(await stack.warden.services.members.findBySlackId(CONTRACTOR.id)).toMatchObject({ contractor: true });
});

test('a request is approved by the role approver group after refused clicks (self, unmapped, non-approver), then expires on time', async () => {
  const message = await request(NON_ADMIN.id, `<@${NON_ADMIN.id}|bo> builder for 4s ship the support agent`, NON_ADMIN.id, 'builder');
  const { grantId } = grantOf(message);
  expect((await grantRow(grantId))?.status).toBe('requested');

  expect(await click(NON_ADMIN.id, message, 'approve')).toContain('You requested this access');
  expect(await click(STRANGER, message, 'approve')).toContain('Only registered members can approve');
  expect(await click(CONTRACTOR.id, message, 'approve')).toContain('not an approver for this role');
  // Refused clicks change nothing and are audited.
  expect((await grantRow(grantId))?.status).toBe('requested');
  expect(approvalMessage(NON_ADMIN.id, 'builder')?.updates).toBe(0);
  const refusals = await stack.warden.services.audit.list({ action: 'access.approve' });
  expect(refusals.filter((e) => e.outcome === 'denied').map((e) => e.actor).sort()).toEqual([CONTRACTOR.id, NON_ADMIN.id, STRANGER].sort());

  expect(await click(BUILDER_APPROVER.id, message, 'approve')).toContain('You approved the request');
  const approved = await eventually('the grant to be approved', async () => {
    const g = await grantRow(grantId);
    return g?.status === 'approved' ? g : undefined;
  });
  expect(approved.approvedBySlackId).toBe(BUILDER_APPROVER.id);
  expect(approved.expiresAt!.getTime() - approved.decidedAt!.getTime()).toBe(4000);
  expect(await stack.warden.services.members.activeRoles(NON_ADMIN.id, new Date())).toContain('builder');
  const updated = await eventually('the message to show the approval', () => {
    const m = approvalMessage(NON_ADMIN.id, 'builder');
    return m?.text?.includes(`Approved by <@${BUILDER_APPROVER.id}>`) ? m : undefined;
  });
  expect(updated.text).toContain('until');
  expect(JSON.stringify(updated.blocks)).not.toContain(GRANT_ACTIONS.approve);
  await eventually('the requester DM', () => stack.slack.messages().find((m) => m.channel.startsWith('D') && m.text?.includes('was approved by')));

  const expired = await eventually('the grant to expire', async () => {
    const g = await grantRow(grantId);
    return g?.status === 'expired' ? g : undefined;
  }, 20_000);
  expect(expired.endReason).toBe('time-bound grant ended');
  expect(await stack.warden.services.members.activeRoles(NON_ADMIN.id, new Date())).not.toContain('builder');
  await eventually('the expiry DM', () => stack.slack.messages().find((m) => m.channel.startsWith('D') && m.text?.includes('*builder* role has expired')));
  await eventually('the message to say expired', () => approvalMessage(NON_ADMIN.id, 'builder')?.text?.includes(':alarm_clock: Expired') || undefined);
});

test('a request is denied: the row, the message and the requester DM say so', async () => {
  const message = await request(ADMIN.id, `<@${CONTRACTOR.id}|cy> analyst look at usage`, CONTRACTOR.id, 'analyst');
  const { grantId } = grantOf(message);
  expect(await click(SECOND_ADMIN.id, message, 'deny')).toContain('You denied the request');
  await eventually('the grant to be denied', async () => ((await grantRow(grantId))?.status === 'denied' ? true : undefined));
  await eventually('the message to say denied', () => approvalMessage(CONTRACTOR.id, 'analyst')?.text?.includes(`Denied by <@${SECOND_ADMIN.id}>`) || undefined);
  await eventually('the DM to the requester', () => stack.slack.messages().find((m) => m.channel.startsWith('D') && m.text?.includes(`<@${SECOND_ADMIN.id}> denied *analyst*`)));
  // A late click on a closed request is answered, not counted.
  expect(await click(ADMIN.id, message, 'approve')).toBe('This request is already denied.');
});

test('an undecided request is reminded, escalated to the second group, and expires in the thread', async () => {
  const message = await request(ADMIN.id, `<@${CONTRACTOR.id}|cy> support_lead review transcripts`, CONTRACTOR.id, 'support_lead');
  const { grantId } = grantOf(message);
  const thread = () => stack.slack.messages(APPROVERS_CHANNEL).filter((m) => m.thread_ts === message.ts).map((m) => m.text ?? '');
  // Before escalation, the escalation group cannot decide.
  expect(await click(ESCALATION_APPROVER.id, message, 'approve')).toContain('not an approver');
  await eventually('the reminder', () => thread().find((t) => t.includes(':bell: Reminder')), 15_000);
  await eventually('the escalation', () => thread().find((t) => t.includes(':rotating_light: Escalated') && t.includes(`<@${ESCALATION_APPROVER.id}>`)), 15_000);
  await eventually('the expiry note', () => thread().find((t) => t.includes('expired because nobody decided')), 15_000);
  expect(thread().filter((t) => t.includes('Reminder'))).toHaveLength(1);
  const row = await grantRow(grantId);
  expect(row).toMatchObject({ status: 'expired', endReason: 'nobody decided in time' });
});

test('the escalation group may decide once a request has escalated', async () => {
  const message = await request(ADMIN.id, `<@${CONTRACTOR.id}|cy> analyst quarterly numbers`, CONTRACTOR.id, 'analyst');
  await eventually('the escalation', () =>
    stack.slack.messages(APPROVERS_CHANNEL).find((m) => m.thread_ts === message.ts && m.text?.includes('Escalated')), 15_000);
  expect(await click(ESCALATION_APPROVER.id, message, 'approve')).toContain('You approved');
  await eventually('the grant to be approved', async () => ((await grantRow(grantOf(message).grantId))?.status === 'approved' ? true : undefined));
});

test('an admin revokes a time-bound grant early: the timer ends by signal and the member is told', async () => {
  const message = await request(ADMIN.id, `<@${CONTRACTOR.id}|cy> builder for 1h fix the ingestion agent`, CONTRACTOR.id, 'builder');
  const { grantId, workflowId } = grantOf(message);
  await click(BUILDER_APPROVER.id, message, 'approve');
  await eventually('the grant to be approved', async () => ((await grantRow(grantId))?.status === 'approved' ? true : undefined));

  expect((await slack.slash(NON_ADMIN.id, `access revoke <@${CONTRACTOR.id}|cy> builder`)).json.text).toContain('Only org admins');
  const res = await slack.slash(ADMIN.id, `access revoke <@${CONTRACTOR.id}|cy> builder contract ended`);
  expect(res.json.text).toContain('Revoking *builder*');
  const revoked = await eventually('the grant to be revoked', async () => {
    const g = await grantRow(grantId);
    return g?.status === 'revoked' ? g : undefined;
  });
  expect(revoked).toMatchObject({ endedBySlackId: ADMIN.id, endReason: 'contract ended' });
  const result = await stack.warden.client.workflow.getHandle(workflowId).result();
  expect(result).toEqual({ grantId, state: 'revoked' });
  expect(approvalMessage(CONTRACTOR.id, 'builder')?.text).toContain('Revoked');
  await eventually('the DM to the member', () => stack.slack.messages().find((m) => m.channel.startsWith('D') && m.text?.includes('*builder* role was revoked by')));
  expect((await stack.warden.services.audit.list({ action: 'access.revoked', target: `${CONTRACTOR.id}/builder` })).map((e) => e.outcome)).toEqual(['succeeded']);
});

test('an admin grant needs the confirmation modal and two approvals; the workflow refuses a bypass of the bot', async () => {
  const message = await request(NON_ADMIN.id, `<@${NON_ADMIN.id}|bo> admin for 2h rotate the billing key`, NON_ADMIN.id, 'admin');
  const { grantId, workflowId } = grantOf(message);
  // Around the bot's checks (signed as the person, as the bot would): the workflow's own rules still hold.
  const direct = (d: GrantDecision) => stack.warden.workflows.update(workflowId, decideGrantUpdate, d.approverSlackId, d);
  expect(await direct({ approverSlackId: NON_ADMIN.id, decision: 'approve', confirmedAdminGrant: true })).toMatchObject({ accepted: false, message: expect.stringContaining('You requested this access') });
  expect(await direct({ approverSlackId: ADMIN.id, decision: 'approve' })).toMatchObject({ accepted: false, message: expect.stringContaining('confirmation dialog') });

  for (const [i, admin] of [ADMIN, SECOND_ADMIN].entries()) {
    const viewsBefore = stack.slack.openedViews().length;
    const responseUrl = stack.slack.issueResponseUrl();
    await postSignedToSlackEndpoint(
      stack.botUrl,
      blockActionsBody({ userId: admin.id, actionId: GRANT_ACTIONS.approve, value: buttons(message).approve, channelId: APPROVERS_CHANNEL, messageTs: message.ts, responseUrl, triggerId: stack.slack.issueTriggerId() }),
      { signingSecret: stack.env.SLACK_SIGNING_SECRET! },
    );
    const opened = await eventually('the confirmation modal', () => stack.slack.openedViews()[viewsBefore]);
    const shown = JSON.stringify(opened.view.blocks);
    for (const fact of [`<@${NON_ADMIN.id}>`, '*Role:* admin', '*Duration:* 2h', 'rotate the billing key']) expect(shown).toContain(fact);
    expect((await grantRow(grantId))?.approvals).toHaveLength(i); // opening the modal counts for nothing
    const submitted = await postSignedToSlackEndpoint(
      stack.botUrl,
      viewSubmissionBody({ userId: admin.id, view: { id: opened.view_id, callback_id: 'warden_grant_admin_confirm', private_metadata: String(opened.view.private_metadata) }, values: {} }),
      { signingSecret: stack.env.SLACK_SIGNING_SECRET! },
    );
    expect(submitted.status).toBe(200);
    await eventually(`approval ${i + 1}`, async () => ((await grantRow(grantId))?.approvals.length === i + 1 ? true : undefined));
    if (i === 0) {
      await eventually('the message to show 1 of 2', () => JSON.stringify(approvalMessage(NON_ADMIN.id, 'admin')?.blocks ?? []).includes('*Approvals:* 1 of 2') || undefined);
      expect(await direct({ approverSlackId: ADMIN.id, decision: 'approve', confirmedAdminGrant: true })).toMatchObject({ accepted: false, message: expect.stringContaining('You already approved; 1 more') });
      expect((await grantRow(grantId))?.status).toBe('requested');
    }
  }
  const approved = await eventually('the admin grant', async () => {
    const g = await grantRow(grantId);
    return g?.status === 'approved' ? g : undefined;
  });
  expect(approved.approvedBySlackId).toBe(`${ADMIN.id},${SECOND_ADMIN.id}`);
  await eventually('the ephemeral confirmation', () => stack.slack.ephemerals().find((c) => c.args.user === SECOND_ADMIN.id && String(c.args.text).includes('You approved')));
  // When the admin role ends, the keys that person could see are raised for rotation.
  await slack.slash(ADMIN.id, `access revoke <@${NON_ADMIN.id}|bo> admin billing work done`);
  await eventually('the grant to be revoked', async () => ((await grantRow(grantId))?.status === 'revoked' ? true : undefined));
  const notice = await eventually('the rotate-keys notice in the admin channel', () =>
    stack.slack.messages(ADMIN_CHANNEL).find((m) => m.text?.includes(`Rotate keys <@${NON_ADMIN.id}> could see`)),
  );
  expect(notice.text).toContain('their admin role ended');
});

test('a worker restart in the middle neither loses nor duplicates the grant, and the expiry timer still fires', async () => {
  const message = await request(ADMIN.id, `<@${CONTRACTOR.id}|cy> support_lead for 6s restart drill`, CONTRACTOR.id, 'support_lead');
  const { grantId, workflowId } = grantOf(message);
  await stack.restartWarden();
  expect(await click(SECOND_ADMIN.id, message, 'approve')).toContain('You approved');
  await eventually('the grant to be approved', async () => ((await grantRow(grantId))?.status === 'approved' ? true : undefined));
  await stack.restartWarden();
  expect(await stack.warden.client.workflow.getHandle(workflowId).result()).toEqual({ grantId, state: 'expired' });
  const rows = (await stack.warden.services.roleGrants.listForMember(CONTRACTOR.id)).filter((g) => g.requestId === workflowId);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ status: 'expired', approvals: [expect.objectContaining({ approverSlackId: SECOND_ADMIN.id })] });
  expect((await stack.warden.services.audit.list({ action: 'access.granted', target: `${CONTRACTOR.id}/support_lead` })).filter((e) => e.workflowId === workflowId)).toHaveLength(1);
}, 60_000);

test('/warden access opens a request form: inline errors, then one request per view even when submitted twice', async () => {
  const opened = await slack.slash(NON_ADMIN.id, 'access');
  expect(opened.status).toBe(200);
  const view = slack.lastOpenedView();
  expect(view.view.title.text).toBe('Request access');
  const values = (v: { member?: string | null; role?: string | null; duration?: string | null; reason?: string | null }) => ({
    access_member: { value: { type: 'users_select', selected_user: v.member ?? null } },
    access_role: { value: { type: 'static_select', selected_option: v.role ? { text: { type: 'plain_text', text: v.role }, value: v.role } : null } },
    access_duration: { value: { type: 'plain_text_input', value: v.duration ?? null } },
    access_reason: { value: { type: 'plain_text_input', value: v.reason ?? null } },
  });
  const submit = (v: Parameters<typeof values>[0]) =>
    postSignedToSlackEndpoint(
      stack.botUrl,
      viewSubmissionBody({ userId: NON_ADMIN.id, view: { id: view.id, callback_id: 'warden_access_request', private_metadata: view.private_metadata }, values: values(v) }),
      { signingSecret: stack.env.SLACK_SIGNING_SECRET! },
    );
  const bad = await submit({ member: NON_ADMIN.id, role: null, duration: 'tomorrow', reason: '' });
  expect(bad.json).toEqual({
    response_action: 'errors',
    errors: { access_role: 'Choose a role', access_duration: 'A duration like 8h or 7d, or empty for no end', access_reason: 'Say why: approvers decide on the reason' },
  });
  // Acknowledged first; the refusal then brings the form back, filled in, with the reason.
  const unknown = await submit({ member: 'U0NOBODY01', role: 'analyst', reason: 'dashboards' });
  expect(unknown.json).toMatchObject({ response_action: 'update' });
  const returned = await eventually('the form to come back with the reason', () =>
    stack.slack.callsTo('views.update').find((c) => c.args.view_id === view.id && JSON.stringify(c.args.view).includes('is not a registered member')),
  );
  expect(JSON.stringify(returned.args.view)).toContain('"initial_value":"dashboards"');
  expect(JSON.stringify(returned.args.view)).toContain('"initial_user":"U0NOBODY01"');

  const before = stack.slack.messages(APPROVERS_CHANNEL).length;
  const [a, b] = await Promise.all([1, 2].map(() => submit({ member: NON_ADMIN.id, role: 'analyst', duration: '2h', reason: 'usage dashboards' })));
  expect([a!.json.response_action, b!.json.response_action]).toEqual(['update', 'update']);
  const posted = await eventually('the approval message', () => approvalMessage(NON_ADMIN.id, 'analyst'));
  expect(posted.text).toContain('(2h)');
  expect(stack.slack.messages(APPROVERS_CHANNEL).slice(before).filter((m) => !m.thread_ts)).toHaveLength(1);
  expect(grantOf(posted).workflowId).toBe(`access-request:T0WARDEN01:${view.id}`);
});

test('bad access commands get a usage message', async () => {
  expect((await slack.slash(ADMIN.id, 'access request bob builder because')).json.text).toContain('is not a @mention');
  expect((await slack.slash(ADMIN.id, `access request <@${NON_ADMIN.id}> wizard because`)).json.text).toContain('role must be one of');
  expect((await slack.slash(ADMIN.id, `access request <@${NON_ADMIN.id}> builder for ever because`)).json.text).toContain('is not a duration');
  expect((await slack.slash(ADMIN.id, `access request <@${NON_ADMIN.id}> builder`)).json.text).toContain('say why');
  expect((await slack.slash(ADMIN.id, `access request <@U0UNKNOWN9> builder because`)).json.text).toContain('is not a registered member');
  expect((await slack.slash(STRANGER, `access request <@${NON_ADMIN.id}> builder because`)).json.text).toContain('Only registered members');
  const overview = await slack.slash(CONTRACTOR.id, 'access list');
  expect(overview.json.text).toContain('*Your access*');
  expect(overview.json.text).toContain('*builder* — revoked');
});
