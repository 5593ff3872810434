// A request whose listener opens a modal does not wait behind a backlog of other work: its trigger id dies 3 s
// after Slack sent it, and the fake Slack refuses a views.open after that, as Slack does.
import { App } from '@slack/bolt';
import { opensModal } from '../../../../bot/inputs/opens-modal';
import { SignedHttpReceiver } from '../../../../bot/receiver/signed-http-receiver';
import { createWorkQueue } from '../../../../bot/receiver/work-queue';
import { fakeSlackClientOptions, silentLogger } from '../../../fakes/slack/fake-slack-client-options';
import { startFakeSlack, type FakeSlack } from '../../../fakes/slack-web-api';
import { postSignedToSlackEndpoint, slashCommandBody } from '../../../helpers/slack-requests';

const SECRET = 'modal-first-signing-secret-0123456789';
const BACKLOG_MS = 4_000;
let fake: FakeSlack;
let receiver: SignedHttpReceiver;
let url: string;
const outcomes: string[] = [];

beforeAll(async () => {
  fake = await startFakeSlack({ botToken: 'xoxb-test' });
  const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
  receiver = new SignedHttpReceiver({ signingSecret: SECRET, port: 0, host: '127.0.0.1', logger, workQueue: createWorkQueue({ concurrency: 1, logger }), opensModal });
  const app = new App({ token: 'xoxb-test', receiver, logger: silentLogger(), clientOptions: fakeSlackClientOptions(fake.apiUrl) });
  app.command('/warden', async ({ ack, command, client }) => {
    await ack();
    if (command.text === 'keys') {
      // A listing stuck behind a slow database: it holds the queue's one slot for longer than a trigger lives.
      await new Promise((r) => setTimeout(r, BACKLOG_MS));
      outcomes.push('listing answered');
      return;
    }
    const opened = await client.views
      .open({ trigger_id: command.trigger_id, view: { type: 'modal', title: { type: 'plain_text', text: 'Add a key' }, blocks: [] } })
      .then(() => 'modal opened', (err: { data?: { error?: string } }) => `modal failed: ${err.data?.error}`);
    outcomes.push(opened);
  });
  url = `http://127.0.0.1:${(await receiver.start()).port}/slack/events`;
});

afterAll(async () => {
  await receiver.stop();
  await fake.close();
});

const slash = (text: string) =>
  postSignedToSlackEndpoint(url, slashCommandBody({ text, userId: 'U0ALICE001', channelId: 'C0OPS00001', triggerId: fake.issueTriggerId() }), { signingSecret: SECRET });

test('`/warden keys add` opens its modal at once, ahead of a backlog that outlives its trigger id', async () => {
  expect((await slash('keys')).status).toBe(200);
  expect((await slash('keys')).status).toBe(200);
  expect((await slash('keys add openai production')).status).toBe(200);
  await new Promise((r) => setTimeout(r, 2 * BACKLOG_MS + 1_000));
  expect(outcomes).toEqual(['modal opened', 'listing answered', 'listing answered']);
}, 20_000);

test('which requests count as opening a modal', () => {
  const command = (text: string) => ({ command: '/warden', text });
  expect([command('keys add openai production'), command('keys rotate gemini staging'), command('access'), command('dsar export'), command('apikeys create')].map(opensModal)).toEqual([true, true, true, true, true]);
  expect([command('keys'), command('dsar export a@b.co --verified id-document why'), command('access list'), command('nonsense')].map(opensModal)).toEqual([false, false, false, false]);
  const click = (actionId: string, value = '{}') => ({ type: 'block_actions', actions: [{ action_id: actionId, value }] });
  const grant = (role?: string) => click('warden_grant_approve', JSON.stringify({ workflowId: 'access-request:T1:x', grantId: 'g', ...(role ? { role } : {}) }));
  expect([click('warden_dsar_deny'), grant('admin'), grant(), click('warden_dsar_approve'), grant('analyst'), { type: 'event_callback' }].map(opensModal)).toEqual([true, true, true, false, false, false]);
});
