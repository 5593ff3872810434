import { postSignedToSlackEndpoint, signSlackBody, slashCommandBody, viewSubmissionBody } from '../helpers/slack-requests';
import { keyModalValues } from '../helpers/slack-driver';
import { ADMIN, eventually, OPS_CHANNEL, startTestStack, type TestStack } from '../helpers/warden-stack';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ parts: { worker: false, bot: true, api: false } });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const secret = () => stack.env.SLACK_SIGNING_SECRET!;
const addCommand = () => slashCommandBody({ text: 'keys add', userId: ADMIN.id, channelId: OPS_CHANNEL, triggerId: stack.slack.issueTriggerId() });

test('a forged signature is rejected with 401 and nothing runs', async () => {
  const body = addCommand();
  const res = await postSignedToSlackEndpoint(stack.botUrl, body, { signingSecret: secret(), signature: signSlackBody('not-the-secret', Math.floor(Date.now() / 1000), body) });
  expect(res.status).toBe(401);
  expect(res.json).toMatchObject({ error: 'warden_unauthorized', reason: 'bad_signature' });
  expect(stack.slack.openedViews()).toHaveLength(0);
});

test('a stale timestamp (a replayed request) is rejected with 401, and so is one from the future', async () => {
  const stale = await postSignedToSlackEndpoint(stack.botUrl, addCommand(), { signingSecret: secret(), timestampSeconds: Math.floor(Date.now() / 1000) - 6 * 60 });
  expect(stale.status).toBe(401);
  expect(stale.json.reason).toBe('stale_timestamp');
  const future = await postSignedToSlackEndpoint(stack.botUrl, addCommand(), { signingSecret: secret(), timestampSeconds: Math.floor(Date.now() / 1000) + 6 * 60 });
  expect(future.status).toBe(401);
  expect(future.json.reason).toBe('future_timestamp');
  expect(stack.slack.openedViews()).toHaveLength(0);
});

test('a malformed payload is answered 400 with the reason', async () => {
  const res = await postSignedToSlackEndpoint(stack.botUrl, 'payload=%7B%22type%22%3A%22view_submission%22%2C', { signingSecret: secret() });
  expect(res.status).toBe(400);
  expect(res.json.error).toBe('warden_invalid_input');
  expect(typeof res.json.reason).toBe('string');
});

test('a modal whose private metadata was tampered with gets an inline error, and nothing is stored', async () => {
  const body = viewSubmissionBody({
    userId: ADMIN.id,
    view: { id: 'V0TAMPERED1', callback_id: 'warden_key_submit', private_metadata: '{"mode":"delete-everything"}' },
    values: keyModalValues({ provider: 'openai', environment: 'production', apiKey: 'sk-proj-aaaaaaaaaaaaaaaaaaaaaaaaaaaa' }),
  });
  const res = await postSignedToSlackEndpoint(stack.botUrl, body, { signingSecret: secret() });
  expect(res.status).toBe(200);
  expect(res.json).toEqual({ response_action: 'errors', errors: { key_value: expect.stringContaining('out of date') } });
  expect(await stack.warden.services.keys.list()).toEqual([]);
});

test('a signed, well-formed command is acknowledged at once with an empty 200, then its modal opens', async () => {
  const res = await postSignedToSlackEndpoint(stack.botUrl, addCommand(), { signingSecret: secret() });
  expect(res.status).toBe(200);
  expect(res.text).toBe('');
  await eventually('the modal', () => stack.slack.openedViews().length === 1 || undefined);
});

test('an expired trigger id gets a clear "run it again" reply instead of an internal error', async () => {
  stack.slack.failNext('views.open', 'expired_trigger_id');
  const responseUrl = stack.slack.issueResponseUrl();
  const body = slashCommandBody({ text: 'keys add', userId: ADMIN.id, channelId: OPS_CHANNEL, triggerId: stack.slack.issueTriggerId(), responseUrl });
  const res = await postSignedToSlackEndpoint(stack.botUrl, body, { signingSecret: secret() });
  expect(res.status).toBe(200);
  const reply = await eventually('the reply through response_url', () => stack.slack.responses().find((r) => r.url === responseUrl));
  expect(reply.body).toEqual({ response_type: 'ephemeral', text: expect.stringContaining('Slack did not open the form in time (`expired_trigger_id`)') });
});
