// The key modal is acknowledged first and then updated in place: "Checking the key…", then the outcome from
// the workflow, or the form again (everything but the key kept) when the workflow could not even start.
import { fakeKey } from '../helpers/key-workflows';
import { slackDriver } from '../helpers/slack-driver';
import { ADMIN, eventually, startTestStack, type TestStack } from '../helpers/warden-stack';

let stack: TestStack;
let slack: ReturnType<typeof slackDriver>;

beforeAll(async () => {
  // Temporal on a database file, so the test can take the server away for real and bring it back.
  stack = await startTestStack({ temporal: 'restartable' });
  slack = slackDriver(stack);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const viewUpdates = (viewId: string) => stack.slack.callsTo('views.update').filter((c) => c.args.view_id === viewId).map((c) => String(typeof c.args.view === 'string' ? c.args.view : JSON.stringify(c.args.view)));

test('a key the provider rejects: the modal says checking at once, then why it was not activated', async () => {
  const apiKey = fakeKey('anthropic');
  stack.providers.setKey(apiKey, { kind: 'invalid' });
  await slack.slash(ADMIN.id, 'keys add');
  const view = slack.lastOpenedView();
  const submitted = await slack.submitKeyModal(ADMIN.id, view, { provider: 'anthropic', environment: 'staging', apiKey });
  expect(JSON.stringify(submitted.json)).toContain('Checking the Anthropic staging key');
  const outcome = await eventually('the outcome in the modal', () => viewUpdates(view.id).find((v) => v.includes('was not activated')));
  expect(outcome).toContain('rejected the key as invalid or revoked');
  expect(outcome).not.toContain(apiKey);
});

test('when Temporal is down the form comes back with the reason; resubmitted with a corrected key, that key is the one activated', async () => {
  const typo = fakeKey('openai');
  const corrected = fakeKey('openai');
  stack.providers.setKey(typo, { kind: 'valid' });
  stack.providers.setKey(corrected, { kind: 'valid' });
  await slack.slash(ADMIN.id, 'keys add');
  const view = slack.lastOpenedView();

  await stack.temporalServer!.kill();
  expect(stack.temporalServer!.isRunning()).toBe(false);
  const first = await slack.submitKeyModal(ADMIN.id, view, { provider: 'openai', environment: 'staging', apiKey: typo, ownerTeam: 'Search', note: 'quarterly rotation' });
  expect(first.status).toBe(200); // the ack never waits for Temporal
  const form = await eventually('the form to come back with the reason', () => viewUpdates(view.id).find((v) => v.includes('Enter the key again')), 90_000);
  expect(form).toContain('internal error'); // the reason, with a reference to quote
  expect(form).toContain('"initial_value":"Search"');
  expect(form).toContain('"initial_value":"quarterly rotation"');
  expect(form).not.toContain(typo);
  expect((await stack.warden.services.keys.list()).filter((k) => k.requestId.endsWith(view.id))).toEqual([]);

  await stack.temporalServer!.start();
  const again = await slack.submitKeyModal(ADMIN.id, view, { provider: 'openai', environment: 'staging', apiKey: corrected, ownerTeam: 'Search' });
  expect(JSON.stringify(again.json)).toContain('Checking the OpenAI staging key');
  const active = await eventually('the corrected key to be active', () => stack.warden.services.keys.findActive('openai', 'staging').then((k) => k ?? undefined), 90_000);
  expect(stack.warden.services.fingerprints.matches(corrected, active)).toBe(true);
  expect(stack.warden.services.fingerprints.matches(typo, active)).toBe(false);
  expect(stack.providers.callCount(typo)).toBe(0);
  expect((await stack.warden.services.keys.list()).filter((k) => k.requestId.endsWith(view.id))).toHaveLength(1);
}, 180_000);
