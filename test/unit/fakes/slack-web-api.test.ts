import { WebClient, type WebAPIPlatformError } from '@slack/web-api';
import { fakeSlackClientOptions } from '../../fakes/slack/fake-slack-client-options';
import { startFakeSlack, type FakeSlack } from '../../fakes/slack-web-api';

const BOT_TOKEN = 'xoxb-fake-slack-test';

// Every Slack refusal surfaces from WebClient as WebAPIPlatformError with the body in `data` (trap 6);
// WebClient adds an empty response_metadata to it, hence toMatchObject below.
async function slackError(p: Promise<unknown>): Promise<WebAPIPlatformError['data']> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toMatchObject({ code: 'slack_webapi_platform_error' });
  return (err as WebAPIPlatformError).data;
}

const modal = (overrides: Record<string, unknown> = {}) => ({
  type: 'modal' as const,
  title: { type: 'plain_text' as const, text: 'Add a provider key' },
  close: { type: 'plain_text' as const, text: 'Cancel' },
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Hello' } }],
  ...overrides,
});
const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('fake Slack Web API through a real WebClient', () => {
  let fake: FakeSlack;
  let client: WebClient;

  beforeEach(async () => {
    fake = await startFakeSlack({ botToken: BOT_TOKEN, teamId: 'T0TEST0001', botUserId: 'U0BOT00001' });
    client = new WebClient(BOT_TOKEN, fakeSlackClientOptions(fake.apiUrl));
  });
  afterEach(() => fake.close());

  it('answers auth.test like Slack, which Bolt calls before anything else', async () => {
    const res = await client.auth.test();
    expect(res).toMatchObject({ ok: true, team_id: 'T0TEST0001', user_id: 'U0BOT00001', bot_id: expect.stringMatching(/^B/) });
    expect(fake.callsTo('auth.test')).toEqual([expect.objectContaining({ token: BOT_TOKEN, ok: true })]);
  });

  it('refuses a wrong token with invalid_auth and a missing one with not_authed', async () => {
    const wrong = new WebClient('xoxb-wrong', fakeSlackClientOptions(fake.apiUrl));
    expect(await slackError(wrong.auth.test())).toMatchObject({ ok: false, error: 'invalid_auth' });
    const none = new WebClient(undefined, fakeSlackClientOptions(fake.apiUrl));
    expect(await slackError(none.chat.postMessage({ channel: 'C0TEST0001', text: 'hi' }))).toMatchObject({ ok: false, error: 'not_authed' });
    expect(fake.messages()).toEqual([]);
  });

  it('answers an unknown method with unknown_method', async () => {
    expect(await slackError(client.apiCall('warden.selfDestruct', {}))).toMatchObject({ ok: false, error: 'unknown_method' });
  });

  it('posts, then updates: messages() shows the current text and the update count', async () => {
    const posted = await client.chat.postMessage({ channel: 'C0TEST0001', text: 'Rotating key…', blocks: [section('Rotating key…')] });
    expect(posted).toMatchObject({ ok: true, channel: 'C0TEST0001', ts: '1700000000.000100', message: { text: 'Rotating key…' } });
    const second = await client.chat.postMessage({ channel: 'C0TEST0001', text: 'step 1', thread_ts: posted.ts });
    expect(second.ts).toBe('1700000000.000200');

    await client.chat.update({ channel: 'C0TEST0001', ts: String(posted.ts), text: 'Key rotated' });

    expect(fake.messages('C0TEST0001')).toEqual([
      // Blocks survive an update that sends only text, as on Slack.
      expect.objectContaining({ ts: posted.ts, text: 'Key rotated', blocks: [section('Rotating key…')], updates: 1 }),
      expect.objectContaining({ ts: second.ts, thread_ts: posted.ts, text: 'step 1', updates: 0 }),
    ]);
    expect(fake.callsTo('chat.postMessage')[0]?.args.blocks).toEqual([section('Rotating key…')]);
  });

  it('refuses chat.update of a message it never posted with message_not_found', async () => {
    expect(await slackError(client.chat.update({ channel: 'C0TEST0001', ts: '1699999999.000001', text: 'x' }))).toMatchObject({
      ok: false,
      error: 'message_not_found',
    });
  });

  it('refuses channel ids Slack would not recognise with channel_not_found', async () => {
    expect(await slackError(client.chat.postMessage({ channel: 'C_UNKNOWN', text: 'x' }))).toMatchObject({ ok: false, error: 'channel_not_found' });
    expect(await slackError(client.chat.postMessage({ channel: '#general', text: 'x' }))).toMatchObject({ ok: false, error: 'channel_not_found' });
  });

  it('refuses a 51-block message with invalid_blocks and the json-pointer message', async () => {
    const blocks = Array.from({ length: 51 }, (_, i) => section(`line ${i}`));
    expect(await slackError(client.chat.postMessage({ channel: 'C0TEST0001', text: 'too long', blocks }))).toMatchObject({
      ok: false,
      error: 'invalid_blocks',
      errors: ['no more than 50 items allowed [json-pointer:/blocks]'],
      response_metadata: { messages: ['[ERROR] no more than 50 items allowed [json-pointer:/blocks]'] },
    });
    await expect(client.chat.postMessage({ channel: 'C0TEST0001', text: 'ok', blocks: blocks.slice(0, 50) })).resolves.toMatchObject({ ok: true });
  });

  it('refuses section text over 3000 characters, naming the block', async () => {
    const data = await slackError(client.chat.postMessage({ channel: 'C0TEST0001', text: 'x', blocks: [section('ok'), section('x'.repeat(3001))] }));
    expect(data).toMatchObject({
      error: 'invalid_blocks',
      errors: ['failed to match all allowed schemas [json-pointer:/blocks/1/text]', 'must be less than 3001 characters [json-pointer:/blocks/1/text/text]'],
    });
  });

  it('opens a modal once per trigger id and lists it in openedViews()', async () => {
    const trigger = fake.issueTriggerId();
    const res = await client.views.open({ trigger_id: trigger, view: modal({ callback_id: 'keys_add', private_metadata: '{"c":"C1"}' }) });
    expect(res.view).toMatchObject({ id: expect.stringMatching(/^V/), type: 'modal', callback_id: 'keys_add', hash: expect.any(String), state: { values: {} } });
    expect(fake.openedViews()).toEqual([expect.objectContaining({ view_id: res.view?.id, trigger_id: trigger, method: 'views.open' })]);

    // views.open/push docs: "The trigger_id was already exchanged in a previous call."
    expect(await slackError(client.views.open({ trigger_id: trigger, view: modal() }))).toMatchObject({ ok: false, error: 'exchanged_trigger_id' });
    // A trigger Slack never issued gets Slack's documented invalid_arguments body.
    expect(await slackError(client.views.open({ trigger_id: '123.456.abc', view: modal() }))).toMatchObject({
      ok: false,
      error: 'invalid_arguments',
      response_metadata: { messages: ['invalid `trigger_id`'] },
    });
    expect(fake.openedViews()).toHaveLength(1);
  });

  it('answers expired_trigger_id once the 3 s trigger lifetime has passed', async () => {
    let now = 1_700_000_000_000;
    const timed = await startFakeSlack({ botToken: BOT_TOKEN, now: () => now });
    try {
      const timedClient = new WebClient(BOT_TOKEN, fakeSlackClientOptions(timed.apiUrl));
      const trigger = timed.issueTriggerId();
      now += 3001;
      expect(await slackError(timedClient.views.open({ trigger_id: trigger, view: modal() }))).toMatchObject({ ok: false, error: 'expired_trigger_id' });
    } finally {
      await timed.close();
    }
  });

  it('refuses a 25-character modal title with the json-pointer message', async () => {
    const view = modal({ title: { type: 'plain_text', text: 'x'.repeat(25) } });
    expect(await slackError(client.views.open({ trigger_id: fake.issueTriggerId(), view }))).toMatchObject({
      ok: false,
      error: 'invalid_arguments',
      response_metadata: { messages: ['[ERROR] must be less than 25 characters [json-pointer:/view/title/text]'] },
    });
    const ok = modal({ title: { type: 'plain_text', text: 'x'.repeat(24) } });
    await expect(client.views.open({ trigger_id: fake.issueTriggerId(), view: ok })).resolves.toMatchObject({ ok: true });
  });

  it('refuses a 101-block modal and over-long submit text', async () => {
    const blocks = Array.from({ length: 101 }, (_, i) => section(`row ${i}`));
    expect(await slackError(client.views.open({ trigger_id: fake.issueTriggerId(), view: modal({ blocks }) }))).toMatchObject({
      ok: false,
      error: 'invalid_arguments',
      response_metadata: { messages: ['[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]'] },
    });
    const longSubmit = modal({ submit: { type: 'plain_text', text: 'Submit this request now!!' } });
    expect(await slackError(client.views.open({ trigger_id: fake.issueTriggerId(), view: longSubmit }))).toMatchObject({
      error: 'invalid_arguments',
      response_metadata: { messages: ['[ERROR] must be less than 25 characters [json-pointer:/view/submit/text]'] },
    });
  });

  it('updates a view by id, refusing a stale hash and an unknown view', async () => {
    const opened = await client.views.open({ trigger_id: fake.issueTriggerId(), view: modal() });
    const id = String(opened.view?.id);
    const updated = await client.views.update({ view_id: id, hash: opened.view?.hash, view: modal({ title: { type: 'plain_text', text: 'Done' } }) });
    expect(updated.view).toMatchObject({ id, title: { text: 'Done' } });
    expect(updated.view?.hash).not.toBe(opened.view?.hash);
    expect(await slackError(client.views.update({ view_id: id, hash: opened.view?.hash, view: modal() }))).toMatchObject({ ok: false, error: 'hash_conflict' });
    expect(await slackError(client.views.update({ view_id: 'V0NOPE', view: modal() }))).toMatchObject({ ok: false, error: 'not_found' });
  });

  it('opens one DM channel per person and looks people up', async () => {
    fake.addUser({ id: 'U0ALICE001', email: 'alice@example.com', real_name: 'Alice Example' });
    expect(await client.conversations.open({ users: 'U0ALICE001' })).toMatchObject({ ok: true, channel: { id: 'DU0ALICE001' } });
    expect(await client.users.lookupByEmail({ email: 'alice@example.com' })).toMatchObject({ user: { id: 'U0ALICE001', real_name: 'Alice Example' } });
    expect(await client.users.info({ user: 'U0ALICE001' })).toMatchObject({ user: { profile: { email: 'alice@example.com' } } });
    expect(await slackError(client.users.lookupByEmail({ email: 'bob@example.com' }))).toMatchObject({ ok: false, error: 'users_not_found' });
    expect(await slackError(client.users.info({ user: 'U0NOBODY01' }))).toMatchObject({ ok: false, error: 'user_not_found' });
  });

  it('records ephemerals and permalinks', async () => {
    await client.chat.postEphemeral({ channel: 'C0TEST0001', user: 'U0ALICE001', text: 'Only you can see this' });
    expect(fake.ephemerals()).toEqual([expect.objectContaining({ args: expect.objectContaining({ user: 'U0ALICE001', text: 'Only you can see this' }) })]);
    const posted = await client.chat.postMessage({ channel: 'C0TEST0001', text: 'x' });
    expect(await client.chat.getPermalink({ channel: 'C0TEST0001', message_ts: String(posted.ts) })).toMatchObject({
      permalink: `https://warden-test.slack.com/archives/C0TEST0001/p${String(posted.ts).replace('.', '')}`,
    });
  });

  it('injects a one-shot rate limit with 429 and Retry-After', async () => {
    fake.failNext('chat.postMessage', 'ratelimited', { retryAfter: 7 });
    await expect(client.chat.postMessage({ channel: 'C0TEST0001', text: 'x' })).rejects.toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 7 });
    await expect(client.chat.postMessage({ channel: 'C0TEST0001', text: 'x' })).resolves.toMatchObject({ ok: true });
    fake.failNext('users.info', 'token_revoked');
    expect(await slackError(client.users.info({ user: 'U0BOT00001' }))).toMatchObject({ ok: false, error: 'token_revoked' });
  });

  it('accepts JSON bodies with a token argument as well as WebClient forms', async () => {
    const res = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ token: BOT_TOKEN, channel: 'C0TEST0001', text: 'json', blocks: [section('json')] }),
    });
    expect(await res.json()).toMatchObject({ ok: true });
    expect(fake.messages()).toEqual([expect.objectContaining({ text: 'json', blocks: [section('json')] })]);
  });

  it('records what was sent, minus the bot token, for secret-leak assertions', async () => {
    await client.chat.postMessage({ channel: 'C0TEST0001', text: 'key sk-live-abc123 added' });
    expect(fake.recordedText()).toContain('sk-live-abc123');
    expect(fake.recordedText()).not.toContain(BOT_TOKEN);
  });

  it('serves response_urls and records what was posted to them', async () => {
    const url = fake.issueResponseUrl();
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ replace_original: true, text: 'Approved' }) });
    expect(res.status).toBe(200);
    expect(fake.responses()).toEqual([expect.objectContaining({ url, body: { replace_original: true, text: 'Approved' } })]);
  });
});
