// Access requests and the key-leak runbook across a worker that is SIGKILLed, not stopped gracefully: the
// worker runs in processes of its own (as `npm start --parts=worker`), the bot in this one.
import { GRANT_ACTIONS } from '../../lib/contracts';
import type { FakeSlackMessage } from '../fakes/slack-web-api';
import { fakeKey, startAddKey } from '../helpers/key-workflows';
import { slackDriver } from '../helpers/slack-driver';
import { blockActionsBody, postSignedToSlackEndpoint } from '../helpers/slack-requests';
import { ADMIN, ADMIN_CHANNEL, eventually, NON_ADMIN, SECOND_ADMIN, startTestStack, type TestStack } from '../helpers/warden-stack';
import { killHard, processAlive, workerFleet, type WorkerProcess } from '../helpers/worker-process';

let stack: TestStack;
let slack: ReturnType<typeof slackDriver>;
let worker: WorkerProcess;
const workers = workerFleet(() => stack);

beforeAll(async () => {
  stack = await startTestStack({ parts: { worker: false, bot: true, api: false } });
  slack = slackDriver(stack);
  worker = await workers.start();
  await stack.warden.services.memberRegistry.register({ slackUserId: NON_ADMIN.id, email: NON_ADMIN.email, displayName: 'Bo', contractor: false, utilityAccount: false });
}, 180_000);

afterAll(async () => {
  await workers.stopAll();
  await stack?.stop();
});

/** SIGKILL the worker, prove it is gone, and start a fresh one. */
async function killAndReplaceWorker(): Promise<void> {
  await killHard(worker);
  expect(processAlive(worker.pid)).toBe(false);
  worker = await workers.start();
}

async function click(userId: string, message: FakeSlackMessage, actionId: string): Promise<string> {
  const actions = (message.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>).find((b) => b.type === 'actions')!;
  const value = actions.elements!.find((e) => e.action_id === actionId)!.value;
  const responseUrl = stack.slack.issueResponseUrl();
  const body = blockActionsBody({ userId, actionId, value, channelId: message.channel, messageTs: message.ts, responseUrl, triggerId: stack.slack.issueTriggerId() });
  expect((await postSignedToSlackEndpoint(stack.botUrl, body, { signingSecret: stack.env.SLACK_SIGNING_SECRET! })).status).toBe(200);
  const reply = await eventually('the answer to the click', () => stack.slack.responses().find((r) => r.url === responseUrl), 60_000);
  return String((reply.body as { text?: string }).text);
}

test('an access request survives a killed worker before approval and during its expiry timer: one grant, approved once, expired on time', async () => {
  const asked = await slack.slash(NON_ADMIN.id, `access request <@${NON_ADMIN.id}|bo> analyst for 8s kill drill`);
  expect(asked.json.text).toContain('Requested *analyst*');
  const message = await eventually('the approval message', () => stack.slack.messages(ADMIN_CHANNEL).find((m) => !m.thread_ts && m.text?.includes(`<@${NON_ADMIN.id}> → *analyst*`)), 60_000);
  const { workflowId, grantId } = JSON.parse((message.blocks as any[]).find((b) => b.type === 'actions').elements[0].value) as { workflowId: string; grantId: string };

  await killAndReplaceWorker();
  expect(await click(SECOND_ADMIN.id, message, GRANT_ACTIONS.approve)).toContain('You approved');
  await eventually('the grant to be approved', async () => ((await stack.warden.services.roleGrants.get(grantId))?.status === 'approved' ? true : undefined), 60_000);

  // Killed while the expiry timer runs: the timer is Temporal's, so a new worker still ends the grant.
  await killAndReplaceWorker();
  expect(await stack.warden.client.workflow.getHandle(workflowId).result()).toEqual({ grantId, state: 'expired' });
  const rows = (await stack.warden.services.roleGrants.listForMember(NON_ADMIN.id)).filter((g) => g.requestId === workflowId);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ status: 'expired', approvals: [expect.objectContaining({ approverSlackId: SECOND_ADMIN.id })] });
  const granted = await stack.warden.services.audit.list({ action: 'access.granted', target: `${NON_ADMIN.id}/analyst` });
  expect(granted.filter((e) => e.workflowId === workflowId)).toHaveLength(1);
  expect(stack.slack.messages(ADMIN_CHANNEL).filter((m) => !m.thread_ts && m.text?.includes(`<@${NON_ADMIN.id}> → *analyst*`))).toHaveLength(1);
}, 180_000);

test('a runbook whose worker is killed mid-incident resumes at the same step and nothing before it runs twice', async () => {
  const leaked = fakeKey('openai');
  stack.providers.setKey(leaked, { kind: 'valid' });
  await (await startAddKey(stack, { apiKey: leaked })).result();
  const key = (await stack.warden.services.keys.findActive('openai', 'production'))!;
  const opened = await slack.slash(ADMIN.id, 'incident key-leak openai production');
  const incidentId = /`(inc-[0-9a-f]{8})`/.exec(String(opened.json.text))![1]!;
  await eventually('the incident to wait for a replacement', async () => ((await stack.warden.services.incidents.get(incidentId))?.currentStep === 'replace' ? true : undefined), 60_000);
  const contained = () => stack.slack.messages(ADMIN_CHANNEL).filter((m) => m.text?.includes(`(${key.fingerprint}) is marked *compromised*`)).length;
  expect(contained()).toBe(1);

  await killAndReplaceWorker();

  const handle = stack.warden.client.workflow.getHandle(`key-leak:${incidentId}`);
  expect((await handle.query<{ step: string }>('runbookState')).step).toBe('replace');
  const replacement = fakeKey('openai');
  stack.providers.setKey(replacement, { kind: 'valid' });
  await (await startAddKey(stack, { apiKey: replacement })).result();
  const revokeButton = await eventually('the revoke checklist', () => stack.slack.messages(ADMIN_CHANNEL).find((m) => JSON.stringify(m.blocks ?? []).includes('warden_runbook_revoked_done')));
  expect(await click(SECOND_ADMIN.id, revokeButton, 'warden_runbook_revoked_done')).toContain('revoked at the provider');
  await eventually('the incident resolved after the kill', async () => ((await stack.warden.services.incidents.get(incidentId))?.status === 'resolved' ? true : undefined), 60_000);
  expect(contained()).toBe(1);
  expect(await stack.warden.services.audit.list({ action: 'incident.opened', target: incidentId })).toHaveLength(1);
}, 180_000);

test('a Slack post whose answer was lost with a killed worker is not posted again: the retry finds it by its mark', async () => {
  // Slack accepts the approval message, but the worker dies before it hears back.
  const hold = stack.slack.holdNext('chat.postMessage', (args) => args.channel === ADMIN_CHANNEL && String(args.text).includes('→ *builder*'));
  const asked = await slack.slash(NON_ADMIN.id, `access request <@${NON_ADMIN.id}|bo> builder for 1h lost answer drill`);
  expect(asked.json.text).toContain('Requested *builder*');
  const call = await hold.arrived;
  expect(call.ok).toBe(true); // Slack carried it out: the message exists
  await killHard(worker);
  expect(processAlive(worker.pid)).toBe(false);
  hold.release();
  worker = await workers.start();

  // The step after the post (the requester's DM) shows the retried post step has finished.
  await eventually('the request to go on after the kill', () => stack.slack.messages(`D${NON_ADMIN.id}`).find((m) => m.text?.includes('*builder*') && m.text.includes('waiting for approval')), 90_000);
  const message = stack.slack.messages(ADMIN_CHANNEL).filter((m) => !m.thread_ts && m.text?.includes(`<@${NON_ADMIN.id}> → *builder*`));
  // The retried step looked in the channel, found its own message and did not post it again.
  expect(message).toHaveLength(1);
  expect(stack.slack.callsTo('conversations.history').length).toBeGreaterThan(0);
  expect(await click(SECOND_ADMIN.id, message[0]!, GRANT_ACTIONS.approve)).toContain('You approved');
  expect(stack.slack.messages(ADMIN_CHANNEL).filter((m) => !m.thread_ts && m.text?.includes(`<@${NON_ADMIN.id}> → *builder*`))).toHaveLength(1);
}, 180_000);
