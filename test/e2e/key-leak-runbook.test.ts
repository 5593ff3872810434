import { callFingerprint } from '../fakes/provider-server';
import { allHistoryText } from '../helpers/history-text';
import { fakeKey, startAddKey } from '../helpers/key-workflows';
import { slackDriver } from '../helpers/slack-driver';
import { blockActionsBody, postSignedToSlackEndpoint } from '../helpers/slack-requests';
import { ADMIN, eventually, NON_ADMIN, SECOND_ADMIN, startTestStack, type TestStack } from '../helpers/warden-stack';

const ONCALL = 'U0ONCALL001';
const INCIDENT_CHANNEL = 'C0INCIDENT1';

let stack: TestStack;
let slack: ReturnType<typeof slackDriver>;

beforeAll(async () => {
  stack = await startTestStack({
    env: { WARDEN_ONCALL_USERS: ONCALL, WARDEN_INCIDENT_CHANNEL: INCIDENT_CHANNEL, WARDEN_RUNBOOK_REMINDER_AFTER: '4s' },
  });
  slack = slackDriver(stack);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

/** A button in a message Warden posted, pressed the way Slack sends it (with a trigger id the fake issued). */
async function press(userId: string, actionId: string, incidentId = currentIncident) {
  const parent = stack.slack.messages(INCIDENT_CHANNEL).find((m) => !m.thread_ts && m.text?.includes(`incident \`${incidentId}\``));
  const inIncident = stack.slack.messages(INCIDENT_CHANNEL).filter((m) => m === parent || (parent && m.thread_ts === parent.ts));
  const message = [...inIncident].reverse().find((m) => buttonIn(m.blocks, actionId));
  if (!message) throw new Error(`no message with button ${actionId}`);
  const button = buttonIn(message.blocks, actionId)!;
  const responseUrl = stack.slack.issueResponseUrl();
  const body = blockActionsBody({
    userId,
    actionId,
    value: button.value,
    channelId: INCIDENT_CHANNEL,
    messageTs: message.ts,
    triggerId: stack.slack.issueTriggerId(),
    responseUrl,
  });
  const res = await postSignedToSlackEndpoint(stack.botUrl, body, { signingSecret: stack.env.SLACK_SIGNING_SECRET! });
  expect(res.status).toBe(200);
  return { reply: () => eventually(`the reply to ${actionId}`, () => stack.slack.responses().find((r) => r.url === responseUrl)?.body as { text: string } | undefined) };
}

function buttonIn(blocks: unknown[] | undefined, actionId: string): { value: string } | undefined {
  for (const block of (blocks ?? []) as Array<{ elements?: Array<{ action_id?: string; value?: string }> }>) {
    const found = block.elements?.find((e) => e.action_id === actionId);
    if (found) return { value: String(found.value) };
  }
  return undefined;
}

const threadText = () => stack.slack.messages(INCIDENT_CHANNEL).map((m) => m.text ?? '').join('\n');
const waitForThread = (what: string, needle: string | RegExp) =>
  eventually(what, () => stack.slack.messages(INCIDENT_CHANNEL).find((m) => (typeof needle === 'string' ? m.text?.includes(needle) : needle.test(m.text ?? ''))));

async function activeKey(apiKey: string, provider: 'openai' | 'anthropic' = 'openai', environment: 'production' | 'staging' = 'production') {
  stack.providers.setKey(apiKey, { kind: 'valid' });
  const handle = await startAddKey(stack, { apiKey, provider, environment });
  await handle.result();
  return (await stack.warden.services.keys.findActive(provider, environment))!;
}

let currentIncident = '';

async function openIncident(userId: string, text: string): Promise<string> {
  const res = await slack.slash(userId, text);
  expect(res.status).toBe(200);
  const id = /`(inc-[0-9a-f]{8})`/.exec(String(res.json?.text))?.[1];
  if (!id) throw new Error(`no incident id in ${JSON.stringify(res.json)}`);
  currentIncident = id;
  await eventually('the incident thread', () => stack.slack.messages(INCIDENT_CHANNEL).find((m) => m.text?.includes(`incident \`${id}\``)));
  return id;
}

test('full leak runbook from Slack: contain → impact → replace → verify → revoke confirmed → all-clear, with timeline', async () => {
  const leaked = fakeKey('openai');
  const replacement = fakeKey('openai');
  const old = await activeKey(leaked);

  const incidentId = await openIncident(ONCALL, 'incident key-leak openai production');

  // 1. Contain: compromised at once, key resolution no longer serves it.
  await eventually('the leaked key to be compromised', async () => ((await stack.warden.services.keys.get(old.id))?.status === 'compromised' ? true : undefined));
  await expect(stack.warden.services.resolveKey({ provider: 'openai', environment: 'production', caller: 'svc-test' })).rejects.toThrow(/No active OpenAI production key/);
  const parent = await waitForThread('the incident thread', `incident \`${incidentId}\``);
  expect(parent.thread_ts).toBeUndefined();
  await waitForThread('the contain step', `\`${old.maskedKey}\` (${old.fingerprint}) is marked *compromised*`);
  // 2. Impact names the environment and the owning team from key metadata.
  const impact = await waitForThread('the impact step', '*2. Impact*');
  expect(impact.text).toContain('team Platform');
  expect(impact.thread_ts).toBe(parent.ts);
  await waitForThread('the replace step', '*3. Replace*');
  await waitForThread('the revoke checklist', 'https://platform.openai.com/api-keys');

  // A click by someone who may not act is explained and audited.
  const refused = await press(NON_ADMIN.id, 'warden_runbook_revoked_done');
  expect((await refused.reply()).text).toContain('Only org admins and the on-call people');
  const denials = await stack.warden.services.audit.list({ actor: NON_ADMIN.id, action: 'incident.revoke_at_provider' });
  expect(denials[0]?.outcome).toBe('denied');
  // The on-call person is not an admin: adding the replacement key is left to an admin.
  const onCallReplace = await press(ONCALL, 'warden_runbook_replace');
  expect((await onCallReplace.reply()).text).toContain('Only org admins can add the replacement key');

  // 3. Replace through the normal add-key modal, prefilled and carrying the incident.
  const viewsBefore = stack.slack.openedViews().length;
  await press(ADMIN.id, 'warden_runbook_replace');
  await eventually('the add-key modal', () => stack.slack.openedViews().length > viewsBefore || undefined);
  const view = slack.lastOpenedView();
  expect(JSON.parse(view.private_metadata)).toMatchObject({ incidentWorkflowId: `key-leak:${incidentId}`, provider: 'openai', environment: 'production' });
  stack.providers.setKey(replacement, { kind: 'valid' });
  const submitted = await slack.submitKeyModal(ADMIN.id, view, { provider: 'openai', environment: 'production', apiKey: replacement, ownerTeam: 'Platform' });
  expect(submitted.status).toBe(200);

  // 4. Verify by one test chat with the cheapest model.
  const fresh = await eventually('the replacement to be active', () => stack.warden.services.keys.findActive('openai', 'production').then((k) => k ?? undefined));
  await waitForThread('the verification', `test chat with \`${fresh.maskedKey}\` on gpt-4o-mini succeeded`);
  const chatCall = stack.providers.calls.find((c) => c.path === '/v1/chat/completions' && c.model === 'gpt-4o-mini' && c.apiKeyFingerprint === callFingerprint(replacement));
  expect(chatCall).toBeDefined();
  expect(threadText()).not.toContain('All-clear');

  // 5. Revoke at the provider, confirmed by the on-call person → 6. all-clear.
  const done = await press(ONCALL, 'warden_runbook_revoked_done');
  expect((await done.reply()).text).toContain('Recorded');
  const allClear = await waitForThread('the all-clear', '*6. All-clear*');
  for (const step of ['Incident opened', 'Contain', 'Impact listed', 'Replacement key activated', 'Test chat with the new key succeeded', 'revoked at the provider (confirmed)', 'All-clear']) {
    expect(allClear.text).toContain(step);
  }
  expect(allClear.text).toContain(`<@${ONCALL}>`);
  expect(allClear.text).toContain(`<@${ADMIN.id}>`);

  const incident = await stack.warden.services.incidents.get(incidentId);
  expect(incident).toMatchObject({ status: 'resolved', compromisedKeyId: old.id, replacementKeyId: fresh.id, threadChannel: INCIDENT_CHANNEL, threadTs: parent.ts });
  const closed = await stack.warden.services.audit.list({ action: 'incident.all_clear', target: incidentId });
  const timeline = closed[0]?.details.timeline as Array<{ step: string; actor: string; at: string }>;
  expect(timeline.map((t) => t.step)).toEqual(['opened', 'contain', 'impact', 'replace', 'verify', 'revoke_at_provider', 'all_clear']);
  expect(timeline.find((t) => t.step === 'revoke_at_provider')?.actor).toBe(ONCALL);
  expect(timeline.find((t) => t.step === 'replace')?.actor).toBe(ADMIN.id);

  // Neither key's plaintext reached history (raw or decoded), logs or Slack.
  const history = await allHistoryText(stack.warden.client, stack.warden.services.codec);
  const logs = stack.logLines.join('\n');
  const slackText = stack.slack.recordedText() + JSON.stringify(stack.slack.responses());
  expect(history.decoded).toContain(incidentId);
  for (const secret of [leaked, replacement]) {
    expect(history.raw).not.toContain(secret);
    expect(history.decoded).not.toContain(secret);
    expect(logs).not.toContain(secret);
    expect(slackText).not.toContain(secret);
  }
});

test('a failed verification keeps the incident open and says why; a retry after fixing it clears the way', async () => {
  await activeKey(fakeKey('anthropic'), 'anthropic', 'production');
  const incidentId = await openIncident(ADMIN.id, 'incident key-leak anthropic');
  await waitForThread('the anthropic replace step', /3\. Replace\* — create a new Anthropic production key/);

  const flaky = fakeKey('anthropic');
  // Out of credit: the add flow's list-models check passes, the test chat does not.
  stack.providers.setKey(flaky, { kind: 'chat_quota_exhausted' });
  const viewsBefore = stack.slack.openedViews().length;
  await press(ADMIN.id, 'warden_runbook_replace');
  await eventually('the add-key modal', () => stack.slack.openedViews().length > viewsBefore || undefined);
  await slack.submitKeyModal(ADMIN.id, slack.lastOpenedView(), { provider: 'anthropic', environment: 'production', apiKey: flaky });
  const fresh = await eventually('the new anthropic key active', () => stack.warden.services.keys.findActive('anthropic', 'production').then((k) => k ?? undefined));
  await press(ONCALL, 'warden_runbook_revoked_done');

  const failed = await eventually('a failed verification', () =>
    stack.slack.messages(INCIDENT_CHANNEL).find((m) => m.text?.includes(`test chat with \`${fresh.maskedKey}\``) && m.text.includes('failed')),
  );
  expect(failed.text).toContain('The incident stays open');
  expect(buttonIn(failed.blocks, 'warden_runbook_retry_verify')).toBeDefined();
  expect((await stack.warden.services.incidents.get(incidentId))?.status).toBe('open');
  // The on-call person is reminded while it waits.
  await waitForThread('a reminder', new RegExp(`<@${ADMIN.id}> <@${ONCALL}> this incident has waited \\d+ min for: a successful test chat`));

  stack.providers.setKey(flaky, { kind: 'valid' });
  await press(ONCALL, 'warden_runbook_retry_verify');
  await waitForThread('the second verification', `test chat with \`${fresh.maskedKey}\` on claude-haiku-4-5 succeeded`);
  await eventually('the incident resolved', async () => ((await stack.warden.services.incidents.get(incidentId))?.status === 'resolved' ? true : undefined));
});

test('cancel by command closes the incident with its timeline; the key stays compromised', async () => {
  const key = await activeKey(fakeKey('openai'), 'openai', 'staging');
  const incidentId = await openIncident(ONCALL, 'incident key-leak openai staging');
  await eventually('contained', async () => ((await stack.warden.services.keys.get(key.id))?.status === 'compromised' ? true : undefined));

  await waitForThread('the staging replace step', /3\. Replace\* — create a new OpenAI staging key/);
  const listed = await slack.slash(NON_ADMIN.id, 'incident list');
  const listedText = JSON.stringify(listed.json.blocks);
  expect(listedText).toContain(`\`${incidentId}\` · *OpenAI staging* · waiting for a replacement key`);
  expect(listedText).toContain(`thread in <#${INCIDENT_CHANNEL}>`);

  const refused = await slack.slash(NON_ADMIN.id, `incident cancel ${incidentId}`);
  expect(refused.json.text).toContain('Only org admins and the on-call people');
  const unknown = await slack.slash(ONCALL, 'incident cancel inc-00000000');
  expect(unknown.json.text).toContain('There is no incident `inc-00000000`');
  const bad = await slack.slash(ONCALL, 'incident key-leak mistral');
  expect(bad.json.text).toContain('Usage: `/warden incident key-leak <provider> [environment]`');

  const res = await slack.slash(ONCALL, `incident cancel ${incidentId}`);
  expect(res.json.text).toContain(`Cancelling incident \`${incidentId}\``);
  await waitForThread('the cancellation', `Incident \`${incidentId}\` cancelled by <@${ONCALL}>`);
  expect(await stack.warden.services.incidents.get(incidentId)).toMatchObject({ status: 'cancelled', closedBySlackId: ONCALL });
  expect((await stack.warden.services.keys.get(key.id))?.status).toBe('compromised');
});

test('a restart mid-runbook resumes at the same step', async () => {
  const key = await activeKey(fakeKey('openai'), 'openai', 'production');
  const incidentId = await openIncident(ADMIN.id, 'incident key-leak openai prod');
  await waitForThread('the revoke checklist', new RegExp(`delete \`${key.maskedKey.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\``));
  const containMessages = () => stack.slack.messages(INCIDENT_CHANNEL).filter((m) => m.text?.includes(`\`${key.maskedKey}\` (${key.fingerprint}) is marked *compromised*`)).length;
  expect(containMessages()).toBe(1);

  await stack.restartWarden();

  const handle = stack.warden.client.workflow.getHandle(`key-leak:${incidentId}`);
  const state = await handle.query<{ step: string; waitingFor: string | null }>('runbookState');
  expect(state.step).toBe('replace');
  expect(state.waitingFor).toContain('a replacement key');
  const replacement = fakeKey('openai');
  stack.providers.setKey(replacement, { kind: 'valid' });
  const viewsBefore = stack.slack.openedViews().length;
  await press(ADMIN.id, 'warden_runbook_replace');
  await eventually('the add-key modal', () => stack.slack.openedViews().length > viewsBefore || undefined);
  await slack.submitKeyModal(ADMIN.id, slack.lastOpenedView(), { provider: 'openai', environment: 'production', apiKey: replacement });
  await press(SECOND_ADMIN.id, 'warden_runbook_revoked_done');
  await eventually('the incident resolved after the restart', async () => ((await stack.warden.services.incidents.get(incidentId))?.status === 'resolved' ? true : undefined));
  // Nothing before the restart ran twice.
  expect(containMessages()).toBe(1);
});

/** A message shortcut as Slack sends it: form body with one payload field. */
async function messageShortcut(userId: string, text: string) {
  const responseUrl = stack.slack.issueResponseUrl();
  const ts = `${Math.floor(Date.now() / 1000)}.000200`;
  const payload = {
    type: 'message_action',
    token: 'deprecated-verification-token',
    action_ts: `${Math.floor(Date.now() / 1000)}.123456`,
    team: { id: 'T0WARDEN01', domain: 'warden-test' },
    user: { id: userId, username: 'test-user', name: 'test-user', team_id: 'T0WARDEN01' },
    channel: { id: 'C0GENERAL01', name: 'general' },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: 'warden_report_leaked_key',
    trigger_id: stack.slack.issueTriggerId(),
    response_url: responseUrl,
    message_ts: ts,
    message: { type: 'message', user: 'U0SOMEONE01', ts, text, team: 'T0WARDEN01' },
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const res = await postSignedToSlackEndpoint(stack.botUrl, body, { signingSecret: stack.env.SLACK_SIGNING_SECRET! });
  expect(res.status).toBe(200);
  return eventually('the shortcut reply', () => stack.slack.responses().find((r) => r.url === responseUrl)?.body as { text: string } | undefined);
}

test('the "Report leaked key" shortcut detects the provider, starts the runbook for that key, and never echoes it', async () => {
  const leaked = fakeKey('gemini');
  stack.providers.setKey(leaked, { kind: 'valid' });
  await (await startAddKey(stack, { apiKey: leaked, provider: 'gemini', environment: 'staging' })).result();
  const org = (await stack.warden.services.keys.findActive('gemini', 'staging'))!;

  const reply = await messageShortcut(ONCALL, `oops, here is the staging key ${leaked} please ignore`);
  expect(reply.text).toContain(`\`${org.maskedKey}\` is the Google Gemini staging key`);
  expect(reply.text).toContain('The message itself is left as it is');
  const incidentId = /`(inc-[0-9a-f]{8})`/.exec(reply.text)![1]!;
  await eventually('the shortcut-started runbook to contain that key', async () => ((await stack.warden.services.keys.get(org.id))?.status === 'compromised' ? true : undefined));
  expect(await stack.warden.services.incidents.get(incidentId)).toMatchObject({ provider: 'gemini', environment: 'staging', compromisedKeyId: org.id });
  expect(stack.slack.callsTo('chat.delete')).toHaveLength(0);

  const stranger = fakeKey('anthropic');
  const unknown = await messageShortcut(ONCALL, `found this in a gist: ${stranger}`);
  expect(unknown.text).toContain("has the shape of a key for Anthropic but is not one of Warden's org keys");
  const none = await messageShortcut(ONCALL, 'no key in here, just chatter');
  expect(none.text).toContain('Which provider leaked?');
  const refused = await messageShortcut(NON_ADMIN.id, `key ${leaked}`);
  expect(refused.text).toContain('Only org admins and the on-call people');

  const slackText = stack.slack.recordedText() + JSON.stringify(stack.slack.responses());
  expect(slackText).not.toContain(leaked);
  expect(slackText).not.toContain(stranger);
  expect(stack.logLines.join('\n')).not.toContain(leaked);
});

test('a replacement added with plain /warden keys add during an incident still moves the runbook on', async () => {
  const leaked = await activeKey(fakeKey('anthropic'), 'anthropic', 'staging');
  const incidentId = await openIncident(ADMIN.id, 'incident key-leak anthropic staging');
  await eventually('contained', async () => ((await stack.warden.services.keys.get(leaked.id))?.status === 'compromised' ? true : undefined));
  await waitForThread('the replace step', /3\. Replace\* — create a new Anthropic staging key/);

  const replacement = fakeKey('anthropic');
  stack.providers.setKey(replacement, { kind: 'valid' });
  await slack.slash(ADMIN.id, 'keys add');
  const submitted = await slack.submitKeyModal(ADMIN.id, slack.lastOpenedView(), { provider: 'anthropic', environment: 'staging', apiKey: replacement });
  expect(submitted.status).toBe(200);

  const incident = await eventually('the runbook to take the new key as the replacement', async () => {
    const row = await stack.warden.services.incidents.get(incidentId);
    return row?.replacementKeyId ? row : undefined;
  });
  expect(incident.replacementKeyId).toBe((await stack.warden.services.keys.findActive('anthropic', 'staging'))?.id);
  await slack.slash(ADMIN.id, `incident cancel ${incidentId}`);
});
