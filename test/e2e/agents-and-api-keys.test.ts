// The agent registry and scoped API keys on the real stack: signed Slack requests and HTTP calls in, the
// database, the audit log and the recorded Slack calls out.
import { API_KEY_ACTIONS_IDS, assertedAction } from '../../lib/contracts';
import { bootstrapApiKey } from '../helpers/api-keys';
import { keyIn, submitApiKeyModal } from '../helpers/api-key-modal';
import { fakeKey, startAddKey } from '../helpers/key-workflows';
import { slackDriver } from '../helpers/slack-driver';
import { executeAsWarden } from '../helpers/system-workflows';
import { blockActionsBody, postSignedToSlackEndpoint } from '../helpers/slack-requests';
import { ADMIN, ADMIN_CHANNEL, eventually, NON_ADMIN, OPS_CHANNEL, startTestStack, type TestStack } from '../helpers/warden-stack';

const ONCALL = 'U0ONCALL001';
const SUPPORT_CONTACT = 'U0SUPPORT01';
const INCIDENT_CHANNEL = 'C0INCIDENT1';

let stack: TestStack;
let slack: ReturnType<typeof slackDriver>;

beforeAll(async () => {
  stack = await startTestStack({
    env: {
      WARDEN_ONCALL_USERS: ONCALL,
      WARDEN_INCIDENT_CHANNEL: INCIDENT_CHANNEL,
      WARDEN_HOSTED_OPENAI_KEY: 'sk-hostedHOSTEDhostedHOSTEDhostedHOSTED0001',
      WARDEN_API_KEY_LAST_USED_FLUSH: '200ms',
      // Only the last test's key lives in this slot: old enough for a rotation reminder within seconds.
      WARDEN_KEY_MAX_AGE_BY_SLOT: 'anthropic/staging=2s',
    },
  });
  slack = slackDriver(stack);
  await stack.warden.services.memberRegistry.register({ slackUserId: NON_ADMIN.id, email: NON_ADMIN.email, displayName: 'Bo', contractor: false, utilityAccount: false });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const api = (path: string, key: string, init: RequestInit = {}) =>
  fetch(`${stack.apiUrl}${path}`, { ...init, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });

/** Clicks a button of an ephemeral reply and answers what Warden replied through the response_url. */
async function clickReplyButton(userId: string, reply: { blocks: any[] }, actionId: string): Promise<string> {
  const button = reply.blocks.flatMap((b: any) => b.elements ?? []).find((e: any) => e.action_id === actionId);
  const responseUrl = stack.slack.issueResponseUrl();
  const body = blockActionsBody({ userId, actionId, blockId: 'warden_apikey_revoke', value: button.value, channelId: OPS_CHANNEL, messageTs: `${Date.now() / 1000}`, responseUrl });
  expect((await postSignedToSlackEndpoint(stack.botUrl, body, { signingSecret: stack.env.SLACK_SIGNING_SECRET! })).status).toBe(200);
  const answer = await eventually('the answer to the click', () => stack.slack.responses().find((r) => r.url === responseUrl), 60_000);
  return String((answer.body as { text?: string }).text);
}

test('an agent registered from Slack and one from the platform appear in /warden agents byok, the CSV and the leak runbook impact step by name', async () => {
  // Slack: an admin registers support-bot; someone with neither admin nor builder is refused, and audited.
  const refused = await slack.slash(NON_ADMIN.id, 'agents set rogue-bot production team=none chat=openai:gpt-4o');
  expect(refused.json.text).toContain('Only admins and builders can register agents');
  expect(await stack.warden.services.audit.list({ action: 'agent.registered', actor: NON_ADMIN.id })).toEqual([expect.objectContaining({ outcome: 'denied', target: 'rogue-bot/production' })]);
  const saved = await slack.slash(ADMIN.id, `agents set support-bot production team=Support chat=openai:gpt-4o embeddings=openai:text-embedding-3-small contact=<@${SUPPORT_CONTACT}|sue>`);
  expect(saved.json.text).toContain('Registered agent `support-bot` in production, team *Support*');
  expect(saved.json.text).toContain('org_preferred');

  // The platform: an API key scoped to the registry for search-bot only.
  const platform = await bootstrapApiKey(stack, { name: 'platform-deployer', scopes: { actions: ['agent_registry', 'resolve_key'], environments: ['production'], providers: ['openai'], agents: ['search-bot'] } });
  const put = await api('/v1/agents/search-bot', platform.key, {
    method: 'PUT',
    body: JSON.stringify({ environment: 'production', ownerTeam: 'Search', uses: { chat: { provider: 'openai', model: 'gpt-4o-mini' } }, keyPolicies: { openai: 'org_required' } }),
  });
  expect(put.status).toBe(201);
  expect(await put.json()).toMatchObject({ name: 'search-bot', keyPolicies: { openai: 'org_required' }, updatedBy: `apikey:${platform.prefix}` });
  // Outside its scope: 403 naming the scope, audited under the key's identity.
  const outside = await api('/v1/agents/billing-bot', platform.key, { method: 'PUT', body: JSON.stringify({ environment: 'production', ownerTeam: 'Billing', uses: { chat: { provider: 'openai', model: 'gpt-4o' } } }) });
  expect(outside.status).toBe(403);
  expect(await outside.json()).toEqual({ error: 'warden_scope_missing', message: `API key ${platform.prefix} (platform-deployer) lacks the scope agent billing-bot; nothing was returned.` });
  const denials = await stack.warden.services.audit.list({ action: 'agent.registered', actor: `apikey:${platform.prefix}` });
  expect(denials.map((e) => [e.outcome, e.target, e.details.reason ?? null])).toEqual(
    expect.arrayContaining([
      ['denied', 'billing-bot/production', 'scope missing: agent billing-bot'],
      ['succeeded', 'search-bot/production', null],
    ]),
  );

  // Key resolution applies the agent's policy: search-bot requires the org key, so no hosted fallback.
  const noOrgKey = await api('/v1/keys/resolve?provider=openai&environment=production&agent=search-bot', platform.key);
  expect(noOrgKey.status).toBe(404);
  expect(((await noOrgKey.json()) as { error: string }).error).toBe('warden_byok_key_missing');
  const orgKey = fakeKey('openai');
  stack.providers.setKey(orgKey, { kind: 'valid' });
  await (await startAddKey(stack, { apiKey: orgKey, environment: 'production' })).result();
  const resolved = await api('/v1/keys/resolve?provider=openai&environment=production&agent=search-bot', platform.key);
  expect(await resolved.json()).toMatchObject({ source: 'org', apiKey: orgKey });

  // The incident drill: one message, per environment, who uses the org key and who would fall back.
  const byok = await slack.slash(ADMIN.id, 'agents byok');
  const text = String(byok.json.text);
  expect(text).toContain('*production*');
  expect(text).toMatch(/with the org’s key: `search-bot` \(team Search; chat gpt-4o-mini\), `support-bot` \(team Support; chat gpt-4o, embeddings text-embedding-3-small\)|with the org’s key: `support-bot`.*`search-bot`/);
  expect(text).toContain('would fall back to hosted keys without it: `support-bot`');
  expect(text).not.toContain(orgKey);
  const csv = await (await api('/v1/agents/byok.csv?environment=production', platform.key)).text();
  expect(csv.split('\r\n')[0]).toBe('environment,agent,owner_team,provider,uses,key_policy,org_key,key_source_now,falls_back_to_hosted');
  expect(csv).toContain('production,search-bot,Search,openai,chat gpt-4o-mini,org_required,');
  expect(csv).toMatch(/production,support-bot,Support,openai,chat gpt-4o; embeddings text-embedding-3-small,org_preferred,[^,]+,org,yes/);

  // The leak runbook's impact step names both agents and their teams, and DMs support-bot's contact.
  const opened = await slack.slash(ONCALL, 'incident key-leak openai production');
  expect(opened.json.text).toMatch(/inc-[0-9a-f]{8}/);
  const impact = await eventually('the impact step', () => stack.slack.messages(INCIDENT_CHANNEL).find((m) => m.text?.includes('*2. Impact*')), 60_000);
  expect(impact.text).toContain('`support-bot` · production *(affected)* · team Support');
  expect(impact.text).toContain('`search-bot` · production *(affected)* · team Search');
  expect(impact.text).toMatch(/Owning team\(s\) to tell: .*Search.*Support/);
  const dm = await eventually('the DM to the support team contact', () => stack.slack.messages(`D${SUPPORT_CONTACT}`).find((m) => m.text?.includes('support-bot')), 30_000);
  expect(dm.text).toContain('OpenAI production key leaked');
}, 240_000);

test('an API key made in the modal is shown once, to its creator; verify answers its scopes; outside its scopes it gets 403, audited; revoking asks first', async () => {
  expect((await slack.slash(NON_ADMIN.id, 'apikeys')).json.text).toContain('Only org admins can manage API keys');
  const opened = await slack.slash(ADMIN.id, 'apikeys create');
  expect(opened.opened).toBe(true);
  const view = slack.lastOpenedView();
  expect(JSON.stringify(view.view)).toContain('Actions');
  const created = await submitApiKeyModal(stack, ADMIN.id, view.id, { name: 'support-widget', actions: ['widget', 'resolve_key'], environments: ['staging'], providers: ['openai'], agents: 'support-bot' });
  const key = keyIn(created.shown)!;
  expect(key).toBeDefined();
  const prefix = key.slice(0, 'wk_live_'.length + 8);
  const row = await stack.warden.services.apiKeys.findByPrefix(prefix);
  expect(row).toMatchObject({ name: 'support-widget', ownerSlackId: ADMIN.id, scopes: { actions: ['widget', 'resolve_key'], environments: ['staging'], providers: ['openai'], agents: ['support-bot'] } });
  expect(row!.keyHash).not.toContain(key);

  const verified = await fetch(`${stack.apiUrl}/v1/apikeys/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key }) });
  expect(verified.status).toBe(200);
  expect(await verified.json()).toEqual({ valid: true, prefix, name: 'support-widget', scopes: row!.scopes, expiresAt: null });
  await eventually('last use to be recorded in a batch', async () => ((await stack.warden.services.apiKeys.findByPrefix(prefix))?.lastUsedAt ? true : undefined), 10_000);

  // Production is outside this key's scope: 403 with the scope it lacks, audited as this key.
  const refused = await api('/v1/keys/resolve?provider=openai&environment=production&agent=support-bot', key);
  expect(refused.status).toBe(403);
  expect(await refused.json()).toEqual({ error: 'warden_scope_missing', message: `API key ${prefix} (support-widget) lacks the scope environment production; nothing was returned.` });
  const evidence = await api('/v1/reviews/evidence?review=r1', key);
  expect(evidence.status).toBe(403);
  expect(((await evidence.json()) as { message: string }).message).toContain('lacks the scope action evidence_download');
  const audited = await stack.warden.services.audit.list({ actor: `apikey:${prefix}` });
  expect(audited.map((e) => [e.action, e.outcome, e.details.reason])).toEqual(
    expect.arrayContaining([
      ['key.resolve', 'denied', 'scope missing: environment production'],
      ['review.evidence_downloaded', 'denied', 'scope missing: action evidence_download'],
    ]),
  );

  const listed = await slack.slash(ADMIN.id, 'apikeys');
  expect(listed.json.text).toContain(`\`${prefix}…\` *support-widget* — working`);
  expect(JSON.stringify(listed.json)).not.toContain(key);

  const confirm = await slack.slash(ADMIN.id, `apikeys revoke ${prefix}`);
  expect(confirm.json.text).toContain('Revoke API key *support-widget*');
  expect((await stack.warden.services.apiKeys.findByPrefix(prefix))!.revokedAt).toBeNull();
  expect(await clickReplyButton(ADMIN.id, confirm.json, API_KEY_ACTIONS_IDS.confirmRevoke)).toContain(`API key \`${prefix}…\` (support-widget) is revoked`);
  // The verifier's copy is dropped by the database's notification, not by a TTL.
  await eventually('the revoked key to be refused', async () => {
    const res = await fetch(`${stack.apiUrl}/v1/apikeys/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key }) });
    return res.status === 401 ? true : undefined;
  }, 10_000);
  expect(await stack.warden.services.audit.list({ action: 'apikey.revoked', target: prefix })).toEqual([expect.objectContaining({ actor: ADMIN.id, outcome: 'succeeded' })]);
}, 240_000);

test("a departed builder's API keys are raised to admins for rotation", async () => {
  const member = (await stack.warden.services.prisma.member.findUnique({ where: { slackUserId: NON_ADMIN.id } }))!;
  await stack.warden.services.prisma.roleGrant.create({
    data: { memberId: member.id, role: 'builder', status: 'approved', grantedBySlackId: ADMIN.id, approvedBySlackId: ADMIN.id, reason: 'ship agents', requestId: 'builder-grant-drill' },
  });
  const owned = await bootstrapApiKey(stack, { name: 'bo-deploy-key', owner: NON_ADMIN.id, scopes: { actions: ['agent_registry'] } });
  await eventually('the builder role to be seen', async () => ((await slack.slash(NON_ADMIN.id, 'agents set bo-bot staging team=Bo chat=openai:gpt-4o')).json.text.includes('Registered') ? true : undefined), 30_000);

  const revoked = await slack.slash(ADMIN.id, `access revoke <@${NON_ADMIN.id}|bo> builder left the team`);
  expect(revoked.status).toBe(200);
  const raised = await eventually('the rotation notice', () => stack.slack.messages(ADMIN_CHANNEL).find((m) => m.text?.includes(`Rotate keys <@${NON_ADMIN.id}> could see`)), 60_000);
  expect(raised.text).toContain('their builder role ended');
  expect(raised.text).toContain(`API key *bo-deploy-key* \`${owned.prefix}…\` → \`/warden apikeys rotate ${owned.prefix}\``);
  expect(raised.text).not.toContain('/warden keys rotate');
  expect(raised.text).not.toContain(owned.key);
}, 180_000);

test('a failing key health alert and a rotation reminder name the agents on that key and their teams, and DM the team contact', async () => {
  const TRIAGE_CONTACT = 'U0TRIAGE001';
  const apiKey = fakeKey('anthropic');
  stack.providers.setKey(apiKey, { kind: 'valid' });
  await (await startAddKey(stack, { apiKey, provider: 'anthropic', environment: 'staging' })).result();
  const saved = await slack.slash(ADMIN.id, `agents set triage-bot staging team=Triage chat=anthropic:claude-sonnet policy=anthropic:org_required contact=<@${TRIAGE_CONTACT}|tia>`);
  expect(saved.json.text).toContain('Registered agent `triage-bot`');

  stack.providers.setKey(apiKey, { kind: 'invalid' });
  await executeAsWarden(stack, 'keyHealthSweep', 'test-agents-health-sweep', { settings: stack.warden.services.onCallSettings });
  const alert = await eventually('the health alert', () => stack.slack.messages().find((m) => m.text?.includes('Anthropic staging key failing')), 30_000);
  expect(alert.text).toContain('Agents using this key: `triage-bot` (team Triage). Teams to tell: Triage.');
  const dm = await eventually('the DM to the triage contact', () => stack.slack.messages(`D${TRIAGE_CONTACT}`).find((m) => m.text?.includes('is failing')), 30_000);
  expect(dm.text).toContain('`triage-bot`');

  await new Promise((r) => setTimeout(r, 2_000));
  await executeAsWarden(stack, 'keyRotationSweep', 'test-agents-rotation-sweep', { settings: stack.warden.services.onCallSettings });
  const reminder = await eventually('the rotation reminder', () => stack.slack.messages().find((m) => m.text?.includes('Rotation overdue') && m.text.includes('Anthropic staging')), 30_000);
  expect(reminder.text).toContain('Agents using this key: `triage-bot` (team Triage).');
  await eventually('the rotation DM to the triage contact', () => stack.slack.messages(`D${TRIAGE_CONTACT}`).find((m) => m.text?.includes('due for rotation') && m.text.includes('`triage-bot`')), 30_000);
});

test('an API key creation started around the bot, without proof of who asked or by a non-admin, stores nothing and is audited', async () => {
  const hasher = stack.warden.services.apiKeyHasher;
  const fresh = hasher.generate();
  const workflowId = `apikey-create:forged:${Date.now()}`;
  const input = {
    requestId: workflowId,
    actorSlackId: ADMIN.id,
    name: 'forged',
    scopes: { actions: ['resolve_key'], environments: ['production'], providers: ['openai'], agents: ['*'] },
    expiresAt: null,
    key: { prefix: fresh.prefix, keyHash: fresh.keyHash, hashVersion: fresh.hashVersion },
    overlapMs: 1000,
  };
  // Signed for someone else: a real assertion, but not for the admin the request names.
  const assertion = await stack.warden.services.actorAssertions.sign({ actor: NON_ADMIN.id, action: assertedAction.start('createApiKey'), workflowId, args: input });
  await expect(stack.warden.client.workflow.execute('createApiKey', { workflowId, taskQueue: stack.config.temporal.taskQueue, args: [{ ...input, assertion }] })).rejects.toThrow();
  expect(await stack.warden.services.apiKeys.findByPrefix(fresh.prefix)).toBeNull();
  const refused = await stack.warden.services.audit.list({ action: 'security.actor_unproven', limit: 100 });
  expect(refused).toEqual(expect.arrayContaining([expect.objectContaining({ actor: ADMIN.id, target: fresh.prefix, outcome: 'denied' })]));

  // A genuine assertion for a member without the admin role: refused by the activity, audited.
  const ownId = `apikey-create:not-admin:${Date.now()}`;
  const own = { ...input, requestId: ownId, actorSlackId: NON_ADMIN.id };
  const ownAssertion = await stack.warden.services.actorAssertions.sign({ actor: NON_ADMIN.id, action: assertedAction.start('createApiKey'), workflowId: ownId, args: own });
  await expect(stack.warden.client.workflow.execute('createApiKey', { workflowId: ownId, taskQueue: stack.config.temporal.taskQueue, args: [{ ...own, assertion: ownAssertion }] })).rejects.toThrow();
  expect(await stack.warden.services.apiKeys.findByPrefix(fresh.prefix)).toBeNull();
  expect(await stack.warden.services.audit.list({ action: 'apikey.created', actor: NON_ADMIN.id })).toEqual([expect.objectContaining({ outcome: 'denied' })]);
}, 60_000);
