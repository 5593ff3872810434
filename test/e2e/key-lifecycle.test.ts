import { fakeKey, startAddKey } from '../helpers/key-workflows';
import { slackDriver } from '../helpers/slack-driver';
import { ADMIN, ADMIN_CHANNEL, eventually, NON_ADMIN, SECOND_ADMIN, startTestStack, type TestStack } from '../helpers/warden-stack';

let stack: TestStack;
let slack: ReturnType<typeof slackDriver>;

beforeAll(async () => {
  stack = await startTestStack();
  slack = slackDriver(stack);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

async function addKeyThroughSlack(userId: string, fields: { provider: string; environment: string; apiKey: string }, command = 'keys add') {
  const opened = await slack.slash(userId, command);
  expect(opened.status).toBe(200);
  const view = slack.lastOpenedView();
  const submitted = await slack.submitKeyModal(userId, view, { ...fields, ownerTeam: 'Platform' });
  return { view, submitted };
}

test('an admin adds a key: slash command → modal → workflow → PostgreSQL → thread, ephemeral and DM', async () => {
  const apiKey = fakeKey('openai');
  stack.providers.setKey(apiKey, { kind: 'valid' });
  const before = stack.slack.openedViews().length;

  const { view, submitted } = await addKeyThroughSlack(ADMIN.id, { provider: 'openai', environment: 'production', apiKey });

  expect(stack.slack.openedViews()).toHaveLength(before + 1);
  expect(view.view.title.text).toBe('Add provider key');
  expect(submitted.status).toBe(200);
  // Acknowledged at once: the modal turns into "Checking the key…" with a link to the run.
  expect(submitted.json).toMatchObject({ response_action: 'update', view: { type: 'modal' } });
  const checking = JSON.stringify(submitted.json.view.blocks);
  expect(checking).toContain('Checking the OpenAI production key');
  expect(checking).toContain('/namespaces/default/workflows/key-add');
  expect(checking).not.toContain(apiKey);
  const active = await eventually('the key to become active', () => stack.warden.services.keys.findActive('openai', 'production').then((k) => k ?? undefined));
  expect(active).toMatchObject({ status: 'active', addedBySlackId: ADMIN.id, ownerTeam: 'Platform', requestId: `key-add:T0WARDEN01:${view.id}` });

  // The workflow updates the same modal in place with the outcome.
  const updated = await eventually('the modal to show the outcome', () =>
    stack.slack.callsTo('views.update').find((c) => c.args.view_id === view.id && JSON.stringify(c.args.view).includes('is now active')),
  );
  expect(JSON.stringify(updated.args.view)).toContain(active.maskedKey);

  const progress = await eventually('the thread to say Done', () =>
    stack.slack.messages(ADMIN_CHANNEL).find((m) => m.thread_ts && m.text?.startsWith(':large_green_circle: Done') && m.text.includes('OpenAI production')),
  );
  expect(progress.text).toContain(active.maskedKey);
  const dm = await eventually('the DM to the admin', () =>
    stack.slack.messages().find((m) => m.channel.startsWith('D') && m.text?.includes(`${active.maskedKey}\` is now the active`)),
  );
  expect(dm).toBeTruthy();
});

test('/warden keys lists keys masked, with status, fingerprint, age, last check and who added it', async () => {
  const res = await slack.slash(NON_ADMIN.id, 'keys');
  expect(res.status).toBe(200);
  expect(res.json.response_type).toBe('ephemeral');
  const text = JSON.stringify(res.json.blocks);
  const active = await stack.warden.services.keys.findActive('openai', 'production');
  expect(text).toContain(active!.maskedKey);
  expect(text).toContain(active!.fingerprint);
  expect(text).toContain('*active*');
  expect(text).toContain('last check: valid');
  expect(text).toContain(`<@${ADMIN.id}>`);
});

test('invalid modal input is answered with inline field errors and nothing is stored', async () => {
  await slack.slash(ADMIN.id, 'keys add');
  const view = slack.lastOpenedView();
  const countBefore = (await stack.warden.services.keys.list()).length;
  const res = await slack.submitKeyModal(ADMIN.id, view, { provider: 'openai_compatible', environment: null, apiKey: 'short', baseUrl: null });
  expect(res.status).toBe(200);
  expect(res.json).toEqual({
    response_action: 'errors',
    errors: {
      key_environment: 'Choose an environment',
      key_value: 'This is too short to be a provider API key',
      key_base_url: 'An OpenAI-compatible endpoint needs its base URL',
    },
  });
  expect((await stack.warden.services.keys.list()).length).toBe(countBefore);
});

test('a double-submitted modal starts one workflow and stores one key', async () => {
  const apiKey = fakeKey('gemini');
  stack.providers.setKey(apiKey, { kind: 'slow', delayMs: 300 });
  await slack.slash(ADMIN.id, 'keys add');
  const view = slack.lastOpenedView();
  const fields = { provider: 'gemini', environment: 'staging', apiKey };
  const [a, b] = await Promise.all([slack.submitKeyModal(ADMIN.id, view, fields), slack.submitKeyModal(ADMIN.id, view, fields)]);
  expect([a.status, b.status]).toEqual([200, 200]);
  await eventually('the gemini key to be active', () => stack.warden.services.keys.findActive('gemini', 'staging').then((k) => k ?? undefined));
  const rows = (await stack.warden.services.keys.list()).filter((k) => k.provider === 'gemini');
  expect(rows).toHaveLength(1);
  expect(stack.providers.callCount(apiKey)).toBe(1);
});

test('rotate replaces the active key; the old key retires and is revoked after the grace period', async () => {
  const old = await stack.warden.services.keys.findActive('openai', 'production');
  const apiKey = fakeKey('openai');
  stack.providers.setKey(apiKey, { kind: 'valid' });
  const { view } = await addKeyThroughSlack(SECOND_ADMIN.id, { provider: 'openai', environment: 'production', apiKey }, 'keys rotate openai prod');
  expect(view.view.title.text).toBe('Rotate provider key');
  expect(JSON.stringify(view.view.blocks)).toContain('"initial_option":{"text":{"type":"plain_text","text":"OpenAI"},"value":"openai"}');

  const fresh = await eventually('the rotated key to be active', async () => {
    const k = await stack.warden.services.keys.findActive('openai', 'production');
    return k && k.id !== old!.id ? k : undefined;
  });
  expect(fresh.replacedKeyId).toBe(old!.id);
  expect((await stack.warden.services.keys.get(old!.id))?.status).toBe('retiring');
  await eventually('the old key to be revoked', async () => ((await stack.warden.services.keys.get(old!.id))?.status === 'revoked' ? true : undefined));
});

test('revoke asks for confirmation, and the button revokes the active key once', async () => {
  const active = await stack.warden.services.keys.findActive('openai', 'production');
  const asked = await slack.slash(ADMIN.id, 'keys revoke openai production');
  expect(asked.json.text).toContain(active!.maskedKey);
  const confirm = asked.json.blocks[1].elements[0];
  expect(confirm.action_id).toBe('warden_key_revoke_confirm');

  const clicks = await Promise.all([1, 2].map(() => slack.click(ADMIN.id, { actionId: confirm.action_id, value: confirm.value, messageTs: '1790000000.000200' })));
  expect(clicks.map((c) => c.status)).toEqual([200, 200]);
  await eventually('the key to be revoked', async () => ((await stack.warden.services.keys.get(active!.id))?.status === 'revoked' ? true : undefined));
  expect(await stack.warden.services.keys.findActive('openai', 'production')).toBeNull();
  // The audit event follows the status change in the same activity: wait for it rather than race it.
  const revokes = await eventually('the revocation in the audit log', async () => {
    const events = await stack.warden.services.audit.list({ action: 'key.revoked', target: active!.id });
    return events.length > 0 ? events : undefined;
  });
  expect(revokes.filter((e) => e.actor === ADMIN.id)).toHaveLength(1);
  await eventually('the button message to be replaced', () =>
    stack.slack.responses().find((r) => JSON.stringify(r.body).includes('Revoking the active OpenAI production key')),
  );
});

test('a non-admin is refused with an ephemeral explanation, no modal opens, and the refusal is audited', async () => {
  const viewsBefore = stack.slack.openedViews().length;
  const res = await slack.slash(NON_ADMIN.id, 'keys add');
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('Only org admins') });
  expect(stack.slack.openedViews()).toHaveLength(viewsBefore);
  const denied = await stack.warden.services.audit.list({ actor: NON_ADMIN.id, action: 'key.add' });
  expect(denied).toEqual([expect.objectContaining({ outcome: 'denied', target: 'keys' })]);
});

test('unknown subcommands and bad arguments get a usage message', async () => {
  expect((await slack.slash(ADMIN.id, 'keys rotate openai')).json.text).toMatch(/Usage: `\/warden keys rotate <provider> <environment>`/);
  expect((await slack.slash(ADMIN.id, 'keys revoke mistral production')).json.text).toMatch(/provider must be one of/);
  expect((await slack.slash(ADMIN.id, 'launch')).json.text).toContain('Unknown command `launch`');
});

test('a revoke confirmed after the slot was rotated revokes nothing: the button names the key that was shown', async () => {
  const shown = fakeKey('openai');
  const rotatedIn = fakeKey('openai');
  stack.providers.setKey(shown, { kind: 'valid' });
  stack.providers.setKey(rotatedIn, { kind: 'valid' });
  await (await startAddKey(stack, { apiKey: shown, environment: 'staging' })).result();
  const asked = await slack.slash(ADMIN.id, 'keys revoke openai staging');
  const confirm = asked.json.blocks[1].elements[0];

  // Someone rotates the slot between the question and the click.
  const rotation = await (await startAddKey(stack, { apiKey: rotatedIn, environment: 'staging', mode: 'rotate' })).result();
  await slack.click(ADMIN.id, { actionId: confirm.action_id, value: confirm.value, messageTs: '1790000000.000300' });
  const dm = await eventually('the DM saying nothing was revoked', () =>
    stack.slack.messages().find((m) => m.channel === `D${ADMIN.id}` && m.text?.includes('Nothing was revoked') && m.text.includes('changed since you confirmed')),
  );
  expect(dm.text).toContain(rotation.maskedKey);
  expect((await stack.warden.services.keys.findActive('openai', 'staging'))?.id).toBe(rotation.keyId);
  expect((await stack.warden.services.audit.list({ action: 'key.revoked', target: rotation.keyId })).filter((e) => e.actor === ADMIN.id)).toHaveLength(0);
});
