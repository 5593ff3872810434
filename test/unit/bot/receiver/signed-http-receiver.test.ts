import { App, ReceiverMultipleAckError } from '@slack/bolt';
import { SignedHttpReceiver } from '../../../../bot/receiver/signed-http-receiver';
import { fakeSlackClientOptions, silentLogger } from '../../../fakes/slack/fake-slack-client-options';
import { startFakeSlack, type FakeSlack } from '../../../fakes/slack-web-api';
import { blockActionsBody, postSignedToSlackEndpoint, slashCommandBody, viewSubmissionBody } from '../../../helpers/slack-requests';

const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
const BOT_TOKEN = 'xoxb-test';
const ACK_TIMEOUT_MS = 1000;
const NOW_MS = 1_760_000_000_000;
const NOW_S = NOW_MS / 1000;

type LogLine = { level: 'info' | 'warn' | 'error'; msg: string; ctx?: object };

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('SignedHttpReceiver with a real Bolt App', () => {
  let fake: FakeSlack;
  let receiver: SignedHttpReceiver;
  let app: App;
  let url: string;
  let logs: LogLine[];
  let commandsSeen: string[];
  let secondAckError: unknown;
  let lateAckDone: ReturnType<typeof deferred<void>>;
  let eventSeen: ReturnType<typeof deferred<{ retryNum: unknown; retryReason: unknown }>>;

  const post = (body: string, opts: Partial<Parameters<typeof postSignedToSlackEndpoint>[2]> = {}) =>
    postSignedToSlackEndpoint(url, body, { signingSecret: SIGNING_SECRET, timestampSeconds: NOW_S, ...opts });
  const command = (text: string) => slashCommandBody({ text, userId: 'U0ALICE001', channelId: 'C0OPS00001' });

  beforeAll(async () => {
    // The fake must answer before the App exists: Bolt's constructor calls auth.test at once.
    fake = await startFakeSlack({ botToken: BOT_TOKEN });
    logs = [];
    const record = (level: LogLine['level']) => (msg: string, ctx?: object) => void logs.push({ level, msg, ctx });
    receiver = new SignedHttpReceiver({
      signingSecret: SIGNING_SECRET,
      port: 0,
      host: '127.0.0.1',
      now: () => NOW_MS,
      ackTimeoutMs: ACK_TIMEOUT_MS,
      logger: { info: record('info'), warn: record('warn'), error: record('error') },
    });
    app = new App({ token: BOT_TOKEN, receiver, logger: silentLogger(), clientOptions: fakeSlackClientOptions(fake.apiUrl) });

    app.command('/warden', async ({ command: cmd, ack, client, context }) => {
      commandsSeen.push(cmd.text);
      switch (cmd.text) {
        case 'throw':
          throw new Error('listener exploded');
        case 'slow':
          await new Promise((r) => setTimeout(r, ACK_TIMEOUT_MS + 300));
          await ack({ text: 'too late' });
          lateAckDone.resolve();
          return;
        case 'twice':
          await ack({ response_type: 'ephemeral', text: 'first' });
          secondAckError = await ack({ text: 'second' }).then(() => undefined, (e: unknown) => e);
          return;
        case 'request-id':
          await ack({ text: String(context.slackRequestId) });
          return;
        default:
          await ack({ response_type: 'ephemeral', text: `Working on: ${cmd.text}` });
          await client.chat.postMessage({ channel: cmd.channel_id, text: `<@${cmd.user_id}> ran ${cmd.text}` });
      }
    });
    app.view('keys_add', async ({ ack }) => {
      await ack({ response_action: 'errors', errors: { key_input: 'That key was rejected by the provider.' } });
    });
    app.action('approve', async ({ ack }) => {
      await ack();
    });
    app.event('app_home_opened', async ({ context }) => {
      eventSeen.resolve({ retryNum: context.retryNum, retryReason: context.retryReason });
    });

    await app.start();
    url = `http://127.0.0.1:${receiver.port}/slack/events`;
  });

  beforeEach(() => {
    logs.length = 0;
    commandsSeen = [];
    secondAckError = undefined;
    lateAckDone = deferred();
    eventSeen = deferred();
  });

  afterAll(async () => {
    await app.stop();
    await fake.close();
  });

  it('answers a signed slash command with the ack body, then the listener calls Slack', async () => {
    const res = await post(command('keys list'));
    expect(res).toMatchObject({ status: 200, json: { response_type: 'ephemeral', text: 'Working on: keys list' } });
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.messages('C0OPS00001').map((m) => m.text)).toContain('<@U0ALICE001> ran keys list');
  });

  it('hands Bolt a per-request slackRequestId in the context', async () => {
    const res = await post(command('request-id'));
    expect(res.json.text).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a forged signature with 401 and a reason, without reaching a listener or logging the body', async () => {
    const body = command('keys add sk-live-secret-123');
    const res = await post(body, { signature: `v0=${'0'.repeat(64)}` });
    expect(res).toMatchObject({ status: 401, json: { error: 'warden_unauthorized', reason: 'bad_signature' } });
    const signedWithOtherSecret = await postSignedToSlackEndpoint(url, body, { signingSecret: 'not-the-secret', timestampSeconds: NOW_S });
    expect(signedWithOtherSecret.json).toEqual({ error: 'warden_unauthorized', reason: 'bad_signature' });
    expect(commandsSeen).toEqual([]);
    expect(JSON.stringify(logs)).not.toContain('sk-live-secret-123');
    expect(logs).toContainEqual(expect.objectContaining({ level: 'warn', ctx: expect.objectContaining({ reason: 'bad_signature' }) }));
  });

  it('refuses stale and future timestamps (more than 300 s either way) with 401', async () => {
    expect((await post(command('x'), { timestampSeconds: NOW_S - 301 })).json).toEqual({ error: 'warden_unauthorized', reason: 'stale_timestamp' });
    expect((await post(command('x'), { timestampSeconds: NOW_S + 301 })).json).toEqual({ error: 'warden_unauthorized', reason: 'future_timestamp' });
    expect((await post(command('ok'), { timestampSeconds: NOW_S - 299 })).status).toBe(200);
    expect(commandsSeen).toEqual(['ok']);
  });

  it('refuses a request without Slack headers', async () => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: command('x') });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'warden_unauthorized', reason: 'missing_headers' });
  });

  it('answers malformed but signed bodies with 400 and a reason', async () => {
    expect((await post('payload=%7Bnot-json')).json).toEqual({ error: 'warden_invalid_input', reason: 'invalid_payload_json' });
    expect((await post('[1,2]', { contentType: 'application/json' })).json).toEqual({ error: 'warden_invalid_input', reason: 'not_an_object' });
    expect((await post('{"type":', { contentType: 'application/json' })).json).toEqual({ error: 'warden_invalid_input', reason: 'invalid_json' });
    expect((await post('foo=bar')).json).toEqual({ error: 'warden_invalid_input', reason: 'unrecognised_body' });
    expect((await post(`${command('x')}&command=%2Fother`)).json).toEqual({ error: 'warden_invalid_input', reason: 'duplicate_form_field' });
    // Slack sends the form type without a charset; bolt-js would fail to parse this one too (trap 3).
    const charset = await post(command('x'), { contentType: 'application/x-www-form-urlencoded; charset=utf-8' });
    expect(charset).toMatchObject({ status: 400, json: { reason: 'unsupported_content_type' } });
    expect(commandsSeen).toEqual([]);
  });

  it('refuses bodies over 1 MB with 413 before verifying them', async () => {
    const res = await post(`payload=${'a'.repeat(1024 * 1024)}`);
    expect(res).toMatchObject({ status: 413, json: { reason: 'body_too_large' } });
  });

  it('carries view_submission response_action errors in the HTTP response body', async () => {
    const body = viewSubmissionBody({
      userId: 'U0ALICE001',
      view: { callback_id: 'keys_add', private_metadata: '{"channel":"C0OPS00001"}' },
      values: { key_input: { key: { type: 'plain_text_input', value: 'sk-bad' } } },
    });
    const res = await post(body);
    expect(res).toMatchObject({ status: 200, json: { response_action: 'errors', errors: { key_input: 'That key was rejected by the provider.' } } });
  });

  it('answers an empty ack with an empty 200', async () => {
    const res = await post(blockActionsBody({ userId: 'U0ALICE001', actionId: 'approve', value: 'req-1', channelId: 'C0OPS00001' }));
    expect(res).toEqual({ status: 200, text: '' });
  });

  it('throws ReceiverMultipleAckError on a second ack, keeping the first answer', async () => {
    const res = await post(command('twice'));
    expect(res.json).toEqual({ response_type: 'ephemeral', text: 'first' });
    await new Promise((r) => setTimeout(r, 50));
    expect(secondAckError).toBeInstanceOf(ReceiverMultipleAckError);
  });

  it('answers 500 and logs when the listener throws before ack', async () => {
    const res = await post(command('throw'));
    expect(res.status).toBe(500);
    expect(logs).toContainEqual(expect.objectContaining({ level: 'error', ctx: expect.objectContaining({ message: 'listener exploded' }) }));
  });

  it('answers 404 at the ack deadline, logs it, and tolerates the late ack', async () => {
    const started = Date.now();
    const res = await post(command('slow'));
    expect(res.status).toBe(404);
    expect(Date.now() - started).toBeGreaterThanOrEqual(ACK_TIMEOUT_MS - 50);
    expect(logs).toContainEqual(expect.objectContaining({ level: 'error', msg: expect.stringContaining('not acknowledged'), ctx: expect.objectContaining({ slackRequestId: expect.any(String) }) }));
    await lateAckDone.promise;
    expect(logs).toContainEqual(expect.objectContaining({ level: 'warn', msg: expect.stringContaining('after the deadline') }));
  });

  it('answers url_verification with the challenge only when signed', async () => {
    const body = JSON.stringify({ token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl', challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P', type: 'url_verification' });
    expect((await post(body)).json).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
    expect((await post(body, { signature: 'v0=forged' })).status).toBe(401);
  });

  it('answers ssl_check with 200 even unsigned, and never dispatches smuggled fields', async () => {
    const res = await post('ssl_check=1&token=abc&command=%2Fwarden&text=keys+delete&user_id=U0EVE00001&channel_id=C0OPS00001', { signature: 'v0=none' });
    expect(res).toEqual({ status: 200, text: '' });
    await new Promise((r) => setTimeout(r, 50));
    expect(commandsSeen).toEqual([]);
  });

  it('acks Events with an empty 200 and passes Slack retry headers to the listener', async () => {
    const body = JSON.stringify({
      token: 'z26uFbvR1xHJEdHE1OQiO6t8',
      team_id: 'T0WARDEN01',
      api_app_id: 'A0WARDEN01',
      event: { type: 'app_home_opened', user: 'U0ALICE001', channel: 'DU0ALICE001', event_ts: '1700000000.000100', tab: 'home' },
      type: 'event_callback',
      event_id: 'Ev0WARDEN01',
      event_time: 1700000000,
      authorizations: [{ enterprise_id: null, team_id: 'T0WARDEN01', user_id: 'U0WARDENBOT', is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
    });
    const res = await post(body, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect(res).toEqual({ status: 200, text: '' });
    await expect(eventSeen.promise).resolves.toEqual({ retryNum: 1, retryReason: 'http_timeout' });
  });

  it('serves GET /healthz and 404s everything else', async () => {
    const health = await fetch(`http://127.0.0.1:${receiver.port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    expect((await fetch(url)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${receiver.port}/slack/other`, { method: 'POST', body: 'x' })).status).toBe(404);
  });
});
