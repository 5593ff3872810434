import { App } from '@slack/bolt';
import { SignedHttpReceiver } from '../../../../bot/receiver/signed-http-receiver';
import { createWorkQueue } from '../../../../bot/receiver/work-queue';
import { fakeSlackClientOptions, silentLogger } from '../../../fakes/slack/fake-slack-client-options';
import { startFakeSlack, type FakeSlack } from '../../../fakes/slack-web-api';
import { blockActionsBody, postSignedToSlackEndpoint, slashCommandBody, viewSubmissionBody } from '../../../helpers/slack-requests';

const SECRET = 'early-ack-signing-secret-0123456789';
let fake: FakeSlack;
let receiver: SignedHttpReceiver;
let url: string;
const finished: string[] = [];
const release: Array<() => void> = [];

beforeAll(async () => {
  fake = await startFakeSlack({ botToken: 'xoxb-test' });
  const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
  receiver = new SignedHttpReceiver({ signingSecret: SECRET, port: 0, host: '127.0.0.1', logger, workQueue: createWorkQueue({ concurrency: 1, logger }) });
  const app = new App({ token: 'xoxb-test', receiver, logger: silentLogger(), clientOptions: fakeSlackClientOptions(fake.apiUrl) });
  // Listeners that stay busy until the test lets them go: a slow database or Temporal, after the ack.
  const busy = (name: string) => async ({ ack }: { ack: () => Promise<void> }) => {
    await ack();
    await new Promise<void>((r) => release.push(r));
    finished.push(name);
  };
  app.command('/warden', busy('command') as never);
  app.action('busy_button', busy('action') as never);
  app.view('busy_view', async ({ ack }) => {
    await ack({ response_action: 'errors', errors: { field: 'checked in process' } });
  });
  url = `http://127.0.0.1:${(await receiver.start()).port}/slack/events`;
});

afterAll(async () => {
  for (const r of release) r();
  await receiver.stop();
  await fake.close();
});

const post = (body: string) => postSignedToSlackEndpoint(url, body, { signingSecret: SECRET });

test('commands and button clicks are answered 200 before their listener has done its work; a view submission still gets its listener\'s ack body', async () => {
  const [command, click] = await Promise.all([
    post(slashCommandBody({ text: 'keys', userId: 'U0ALICE001', channelId: 'C0OPS00001' })),
    post(blockActionsBody({ userId: 'U0ALICE001', actionId: 'busy_button', value: 'x', channelId: 'C0OPS00001' })),
  ]);
  expect([command.status, command.text, click.status, click.text]).toEqual([200, '', 200, '']);
  expect(finished).toEqual([]); // both acknowledged while their listeners are still busy (or not yet started)

  const view = await post(viewSubmissionBody({ userId: 'U0ALICE001', view: { callback_id: 'busy_view' }, values: {} }));
  expect(view.json).toEqual({ response_action: 'errors', errors: { field: 'checked in process' } });

  // The queued work still happens, one at a time (concurrency 1), in arrival order.
  while (finished.length < 2) {
    release.shift()?.();
    await new Promise((r) => setTimeout(r, 20));
  }
  expect(finished.sort()).toEqual(['action', 'command']);
});
