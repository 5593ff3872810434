import { createHash } from 'node:crypto';
import { GRANT_ACTIONS, REVIEW_ACTIONS, reviewScheduleId, type MembershipReviewResult, type Role } from '../../lib/contracts';
import type { FakeSlackMessage } from '../fakes/slack-web-api';
import { slackDriver } from '../helpers/slack-driver';
import { blockActionsBody, postSignedToSlackEndpoint } from '../helpers/slack-requests';
import { ADMIN, eventually, NON_ADMIN, SECOND_ADMIN, startTestStack, type TestStack } from '../helpers/warden-stack';
import { bootstrapApiKey, serviceApiKey } from '../helpers/api-keys';

const COMPLIANCE = 'C0COMPLY001';
const MANAGER = 'U0MANAGER01';
const emp = (n: number) => `U0EMPLOYE${String(n).padStart(2, '0')}`;
const con = (n: number) => `U0CONTRAC${String(n).padStart(2, '0')}`;

let stack: TestStack;
let slack: ReturnType<typeof slackDriver>;

beforeAll(async () => {
  stack = await startTestStack({
    env: {
      WARDEN_COMPLIANCE_CHANNEL: COMPLIANCE,
      WARDEN_REVIEW_DEADLINE: '12s',
      WARDEN_REVIEW_REMINDER_EVERY: '5s',
      WARDEN_REVIEW_GRACE: '1s',
      WARDEN_REVIEW_BATCH_SIZE: '10',
      WARDEN_REVIEW_CRON: '0 9 1 1,4,7,10 *',
      WARDEN_REVIEW_TIMEZONE: 'Europe/Berlin',
    },
  });
  slack = slackDriver(stack);
  await seedOrganization();
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

/** A manager with 8 employees and 3 contractors, 10 people without a manager (admins review them). */
async function seedOrganization() {
  const db = stack.warden.services.prisma;
  const manager = await db.member.create({ data: { slackUserId: MANAGER, email: 'mo.manager@example.com', displayName: 'Mo', lastActiveAt: new Date() } });
  await db.roleGrant.create({ data: { memberId: manager.id, role: 'builder', status: 'approved', grantedBySlackId: 'seed', reason: 'seed', requestId: 'seed-manager' } });
  const people = [
    ...Array.from({ length: 8 }, (_, i) => ({ id: emp(i), contractor: false, managerId: manager.id as string | null, role: i % 2 ? 'analyst' : 'builder' })),
    ...Array.from({ length: 3 }, (_, i) => ({ id: con(i), contractor: true, managerId: manager.id as string | null, role: 'builder' })),
    ...Array.from({ length: 10 }, (_, i) => ({ id: emp(20 + i), contractor: false, managerId: null, role: 'support_lead' })),
  ] as const;
  for (const p of people) {
    const m = await db.member.create({
      data: { slackUserId: p.id, email: `${p.id.toLowerCase()}@example.com`, displayName: p.id, contractor: p.contractor, managerId: p.managerId, lastActiveAt: p.id === emp(3) ? null : new Date() },
    });
    await db.roleGrant.create({ data: { memberId: m.id, role: p.role as Role, status: 'approved', grantedBySlackId: 'seed', reason: 'seed', requestId: `seed-${p.id}` } });
  }
}

async function post(body: string) {
  const res = await postSignedToSlackEndpoint(stack.botUrl, body, { signingSecret: stack.env.SLACK_SIGNING_SECRET! });
  expect(res.status).toBe(200);
}

/** A click on an element of a reviewer's DM, shaped as Slack sends it (static_select carries selected_option). */
async function decide(userId: string, dm: FakeSlackMessage, memberId: string, actionId: string, role?: string): Promise<string> {
  const blocks = dm.blocks as Array<{ type: string; block_id?: string; text?: { text: string }; elements?: Array<Record<string, any>> }>;
  const at = blocks.findIndex((b) => b.type === 'section' && b.text?.text.startsWith(`<@${memberId}>`));
  const actions = blocks[at + 1]!;
  const element = actions.elements!.find((e) => e.action_id === actionId)!;
  const responseUrl = stack.slack.issueResponseUrl();
  const raw = blockActionsBody({ userId, actionId, blockId: actions.block_id, value: element.value ?? '', channelId: dm.channel, messageTs: dm.ts, responseUrl });
  let body = raw;
  if (element.type === 'static_select') {
    const payload = JSON.parse(new URLSearchParams(raw).get('payload')!);
    const option = element.options.find((o: { text: { text: string } }) => o.text.text === role);
    payload.actions[0] = { type: 'static_select', action_id: actionId, block_id: actions.block_id, selected_option: option, placeholder: element.placeholder, action_ts: payload.actions[0].action_ts };
    body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  }
  await post(body);
  const reply = await eventually('the answer to the review click', () => stack.slack.responses().find((r) => r.url === responseUrl), 20_000);
  return String((reply.body as { text?: string }).text);
}


const grantOf = async (slackUserId: string, role: string) =>
  stack.warden.services.prisma.roleGrant.findMany({ where: { member: { slackUserId }, role: role as never }, orderBy: { createdAt: 'asc' } });

test('the review schedule exists once after two worker starts, with the configured cron and time zone', async () => {
  const id = reviewScheduleId(stack.config.temporal.taskQueue);
  const count = async () => {
    let n = 0;
    for await (const s of stack.warden.client.schedule.list()) if (s.scheduleId === id) n += 1;
    return n;
  };
  expect(await eventually('the schedule to be listed', async () => ((await count()) === 1 ? 1 : undefined))).toBe(1);
  await stack.restartWarden();
  const described = await stack.warden.client.schedule.getHandle(id).describe();
  expect(described.spec.timezone).toBe('Europe/Berlin');
  const calendars = JSON.stringify(described.spec.calendars);
  for (const month of ['JANUARY', 'APRIL', 'JULY', 'OCTOBER']) expect(calendars).toContain(month);
  expect(calendars).not.toContain('FEBRUARY');
  expect(await count()).toBe(1);
});

test('a review over a seeded organization collects decisions by signed block_actions, reminds, escalates, revokes and produces evidence', async () => {
  // A time-bound grant with a live request workflow: the review must revoke it through that workflow.
  await stack.warden.services.prisma.roleGrant.updateMany({ where: { member: { slackUserId: con(0) } }, data: { status: 'revoked' } });
  const requested = await slack.slash(ADMIN.id, `access request <@${con(0)}|c0> builder for 1h finish the migration`);
  expect(requested.json.text).toContain('Requested');
  const approval = await eventually('the approval message', () => stack.slack.messages().find((m) => !m.thread_ts && m.text?.includes(`<@${con(0)}> → *builder*`)));
  const value = (approval.blocks as any[]).find((b) => b.type === 'actions').elements[0].value as string;
  const requestWorkflowId = JSON.parse(value).workflowId as string;
  await post(blockActionsBody({ userId: SECOND_ADMIN.id, actionId: GRANT_ACTIONS.approve, value, channelId: approval.channel, messageTs: approval.ts, responseUrl: stack.slack.issueResponseUrl() }));
  await eventually('the time-bound grant', async () => ((await grantOf(con(0), 'builder')).some((g) => g.status === 'approved') ? true : undefined));

  expect((await slack.slash(NON_ADMIN.id, 'access review start')).json.text).toContain('Only org admins');
  // Through the real schedule: trigger it now instead of waiting for the quarter.
  await stack.warden.client.schedule.getHandle(reviewScheduleId(stack.config.temporal.taskQueue)).trigger();
  const opened = await eventually('the compliance channel to hear the review opened', () => stack.slack.messages(COMPLIANCE).find((m) => m.text?.includes('is open')), 30_000);
  const reviewId = /`([^`]+)`/.exec(opened.text!)![1]!;
  // The manager, 8 employees, 3 contractors, 10 without a manager and the 2 bootstrap admins, one grant each.
  expect(opened.text).toContain('24 member(s), 24 grant(s), 3 reviewer(s)');
  // A contractor builder nobody decides on loses the grant at close: the API key they own must be raised for rotation.
  const contractorKey = await bootstrapApiKey(stack, { name: 'c1-batch-job', owner: con(1), scopes: { actions: ['agent_registry'] } });

  const managerDm = await eventually('the manager DM', () => stack.slack.messages().find((m) => m.channel.startsWith('D') && m.text?.includes('Membership review') && JSON.stringify(m.blocks).includes(`<@${con(0)}>`)));
  const sections = (managerDm.blocks as any[]).filter((b) => b.type === 'section').map((b) => b.text.text as string).slice(1);
  expect(sections.slice(0, 3).every((t) => t.includes('contractor'))).toBe(true); // contractors first
  expect(sections[3]).toContain(`<@${emp(3)}>`); // then the long-inactive
  expect(managerDm.blocks!.length).toBeLessThanOrEqual(50);

  expect(await decide(emp(5), managerDm, emp(0), REVIEW_ACTIONS.keep)).toContain(`assigned to <@${MANAGER}>`);
  expect(await decide(MANAGER, managerDm, emp(0), REVIEW_ACTIONS.keep)).toContain('Recorded: *keep*');
  expect(await decide(MANAGER, managerDm, emp(1), REVIEW_ACTIONS.revoke)).toContain('Recorded: *revoke*');
  expect(await decide(MANAGER, managerDm, emp(2), REVIEW_ACTIONS.changeRole, 'analyst')).toContain('your request for *analyst* goes to the approvers');
  expect(await decide(MANAGER, managerDm, con(0), REVIEW_ACTIONS.revoke)).toContain('Recorded: *revoke*');
  // An admin reviewer revokes the other bootstrap admin's grant: the keys that admin could see must be rotated.
  const adminDm = await eventually('the DM reviewing the second admin', () =>
    stack.slack.messages().find((m) => m.channel.startsWith('D') && m.text?.includes('Membership review') && JSON.stringify(m.blocks).includes(`<@${SECOND_ADMIN.id}>`)),
  );
  const adminReviewer = adminDm.channel.slice(1);
  expect(await decide(adminReviewer, adminDm, SECOND_ADMIN.id, REVIEW_ACTIONS.revoke)).toContain('Recorded: *revoke*');
  // con(1), con(2) and emp(4) stay undecided: contractors lose the grant, employees keep it flagged.

  await eventually('a reminder DM', () => stack.slack.messages().find((m) => m.channel.startsWith('D') && m.text?.includes(':bell: Reminder')), 20_000);
  await eventually('the compliance reminder', () => stack.slack.messages(COMPLIANCE).find((m) => m.text?.includes(':bell: Review')), 20_000);
  await eventually('the escalation', () => stack.slack.messages(COMPLIANCE).find((m) => m.text?.includes('passed its deadline')), 30_000);
  const result: MembershipReviewResult = await stack.warden.client.workflow.getHandle(reviewId).result();
  expect(result.tally).toMatchObject({ kept: 1, revoked: 3, roleChanged: 1, revokedMissed: 2 });
  expect(result.tally.flagged).toBe(result.itemCount - 7);
  const notice = await eventually('the rotate-keys notice for the revoked admin', () =>
    stack.slack.messages().find((m) => m.text?.includes(`Rotate keys <@${SECOND_ADMIN.id}> could see`)),
  );
  expect(notice.text).toContain('their admin role ended');
  const builderNotice = await eventually("the rotate-keys notice for the contractor's API key", () => stack.slack.messages().find((m) => m.text?.includes(`Rotate keys <@${con(1)}> could see`)));
  expect(builderNotice.text).toContain('their builder role ended');
  expect(builderNotice.text).toContain(`API key *c1-batch-job* \`${contractorKey.prefix}…\` → \`/warden apikeys rotate ${contractorKey.prefix}\``);
  expect(builderNotice.text).not.toContain(contractorKey.key);

  expect((await grantOf(emp(0), 'builder'))[0]!.status).toBe('approved');
  expect((await grantOf(emp(1), 'analyst'))[0]).toMatchObject({ status: 'revoked', endedBySlackId: MANAGER });
  expect((await grantOf(emp(2), 'builder'))[0]!.status).toBe('revoked');
  // "Change role" granted nothing: it opened a normal request for the new role, asked by the reviewer, told to the member.
  const analyst = await eventually('the request for the new role', async () => (await grantOf(emp(2), 'analyst'))[0]);
  expect(analyst).toMatchObject({ status: 'requested', grantedBySlackId: MANAGER });
  await eventually('the DM telling the member', () => stack.slack.messages().find((m) => m.channel === `D${emp(2)}` && m.text?.includes('asked for *analyst*')));
  const newRoleApproval = await eventually('the approval message for the new role', () => stack.slack.messages().find((m) => !m.thread_ts && m.text?.includes(`<@${emp(2)}> → *analyst*`)));
  const approveValue = (newRoleApproval.blocks as any[]).find((b) => b.type === 'actions').elements[0].value as string;
  const clickApprove = async (userId: string) => {
    const responseUrl = stack.slack.issueResponseUrl();
    await post(blockActionsBody({ userId, actionId: GRANT_ACTIONS.approve, value: approveValue, channelId: newRoleApproval.channel, messageTs: newRoleApproval.ts, responseUrl }));
    return String(((await eventually('the answer to the approval click', () => stack.slack.responses().find((r) => r.url === responseUrl))).body as { text?: string }).text);
  };
  expect(await clickApprove(MANAGER)).toContain('You requested this access');
  expect(await clickApprove(ADMIN.id)).toContain('You approved');
  expect(await eventually('the new role', async () => (await grantOf(emp(2), 'analyst')).find((g) => g.status === 'approved'))).toMatchObject({ approvedBySlackId: ADMIN.id });
  expect((await grantOf(con(1), 'builder'))[0]).toMatchObject({ status: 'revoked', endedBySlackId: 'warden' });
  expect((await grantOf(emp(4), 'builder'))[0]!.status).toBe('approved');
  // The time-bound grant was revoked by its own request workflow, which ended its timer and said so.
  expect(await stack.warden.client.workflow.getHandle(requestWorkflowId).result()).toMatchObject({ state: 'revoked' });
  await eventually('the approval message to say revoked', () => stack.slack.messages().find((m) => m.ts === approval.ts && m.text?.includes('Revoked')));

  const summary = await eventually('the summary', () => stack.slack.messages(COMPLIANCE).find((m) => m.text?.includes('closed:')));
  expect(summary.text).toContain(result.evidenceSha256.slice(0, 16));

  const url = `${stack.apiUrl}/v1/reviews/evidence?review=${encodeURIComponent(reviewId)}&format=`;
  expect((await fetch(`${url}csv`)).status).toBe(401);
  const auth = { headers: { authorization: `Bearer ${await serviceApiKey(stack)}` } };
  const csvRes = await fetch(`${url}csv`, auth);
  expect(csvRes.status).toBe(200);
  const csv = await csvRes.text();
  const lines = csv.trim().split('\r\n');
  expect(lines[0]).toBe('member_slack_id,member_email,role,contractor,inactive,reviewer_slack_id,decision,new_role,decided_by,decided_at,outcome');
  expect(lines).toHaveLength(result.itemCount + 1);
  expect(lines.find((l) => l.startsWith(`${emp(1)},`))).toMatch(new RegExp(`,${MANAGER},revoke,,${MANAGER},\\d{4}-.*,revoked$`));
  expect(lines.find((l) => l.startsWith(`${con(1)},`))).toMatch(/,none,,,,revoked_missed$/);
  const jsonRes = await fetch(`${url}json`, auth);
  const jsonText = await jsonRes.text();
  const evidence = JSON.parse(jsonText);
  expect(createHash('sha256').update(jsonText).digest('hex')).toBe(result.evidenceSha256);
  expect(evidence.csvSha256).toBe(createHash('sha256').update(csv).digest('hex'));
  // Tied to the audit chain: the evidence names an existing head, and a later event holds the evidence's hash.
  const closed = (await stack.warden.services.audit.list({ action: 'review.closed', target: reviewId }))[0]!;
  expect(closed.details).toMatchObject({ evidenceJsonSha256: result.evidenceSha256, evidenceCsvSha256: evidence.csvSha256, auditHeadHash: evidence.auditHeadHash });
  expect(closed.prevHash === evidence.auditHeadHash || (await stack.warden.services.prisma.auditEvent.count({ where: { hash: evidence.auditHeadHash } })) === 1).toBe(true);
  expect(await stack.warden.services.audit.verify()).toMatchObject({ ok: true });

  expect(await decide(MANAGER, managerDm, emp(4), REVIEW_ACTIONS.keep)).toContain('review has closed');
}, 120_000);
