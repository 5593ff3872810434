import { execFileSync } from 'node:child_process';
import { allHistoryText } from '../helpers/history-text';
import { fakeKey } from '../helpers/key-workflows';
import { slackDriver } from '../helpers/slack-driver';
import { sdkLogs } from '../helpers/temporal';
import { ADMIN, eventually, startTestStack, type TestStack } from '../helpers/warden-stack';
import { bootstrapApiKey, serviceApiKey } from '../helpers/api-keys';
import { keyIn, submitApiKeyModal } from '../helpers/api-key-modal';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

test('no plaintext key reaches Temporal history, logs, Slack or the database', async () => {
  const slack = slackDriver(stack);
  const valid = fakeKey('openai');
  const invalid = fakeKey('anthropic');
  const rotated = fakeKey('openai');
  const flaky = fakeKey('gemini');
  stack.providers.setKey(valid, { kind: 'valid' });
  stack.providers.setKey(invalid, { kind: 'invalid' });
  stack.providers.setKey(rotated, { kind: 'valid' });
  stack.providers.setKey(flaky, { kind: 'outage_then_valid', failures: 2 });

  const submit = async (command: string, fields: { provider: string; environment: string; apiKey: string }) => {
    await slack.slash(ADMIN.id, command);
    const res = await slack.submitKeyModal(ADMIN.id, slack.lastOpenedView(), fields);
    expect(res.status).toBe(200);
  };
  await submit('keys add', { provider: 'openai', environment: 'production', apiKey: valid });
  await submit('keys add', { provider: 'anthropic', environment: 'production', apiKey: invalid });
  await submit('keys add', { provider: 'gemini', environment: 'staging', apiKey: flaky });
  await eventually('the first key active', () => stack.warden.services.keys.findActive('openai', 'production').then((k) => k ?? undefined));
  await submit('keys rotate openai production', { provider: 'openai', environment: 'production', apiKey: rotated });
  // A key pasted into the command text by mistake must not be logged either.
  await slack.slash(ADMIN.id, `keys add ${valid}`);

  await eventually('every key workflow to finish', async () => {
    const keys = await stack.warden.services.keys.list();
    const settled = keys.filter((k) => k.status !== 'pending').length === 4;
    const retired = keys.some((k) => k.status === 'revoked');
    return settled && retired ? true : undefined;
  });
  const services = stack.warden.services;
  const secrets = [valid, invalid, rotated, flaky];

  const history = await allHistoryText(stack.warden.client, services.codec);
  expect(history.workflows).toBeGreaterThanOrEqual(5);
  expect(history.decoded).toContain('"keyRef":"sec_'); // the decoded view is real: inputs are readable
  const logs = stack.logLines.join('\n');
  expect(logs.length).toBeGreaterThan(0);
  // The Temporal SDK's own log output too (workers, workflows, activities, failures).
  const sdkLog = sdkLogs().join('\n');
  expect(sdkLog).toContain('addProviderKey');
  const slackText = stack.slack.recordedText() + JSON.stringify(stack.slack.responses());
  expect(slackText).toContain('…'); // keys were shown, masked
  const dump = execFileSync('pg_dump', ['--data-only', stack.db.url], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

  for (const secret of secrets) {
    expect(history.raw).not.toContain(secret);
    expect(history.decoded).not.toContain(secret);
    expect(logs).not.toContain(secret);
    expect(sdkLog).not.toContain(secret);
    expect(slackText).not.toContain(secret);
    expect(dump).not.toContain(secret);
  }
  // The key API hands the active key only to an authenticated service, and that is audited without the key.
  const res = await fetch(`${stack.apiUrl}/v1/keys/resolve?provider=openai&environment=production`, {
    headers: { authorization: `Bearer ${await serviceApiKey(stack)}` },
  });
  expect(((await res.json()) as { apiKey: string }).apiKey).toBe(rotated);
  const auditDump = JSON.stringify(await services.audit.list({ limit: 1000 }));
  for (const secret of secrets) expect(auditDump).not.toContain(secret);
}, 120_000);

test('a Warden API key is shown once, to its creator, and appears nowhere else: not history, logs, audit, database or other Slack calls', async () => {
  const slack = slackDriver(stack);
  await slack.slash(ADMIN.id, 'apikeys create');
  const view = slack.lastOpenedView();
  const created = await submitApiKeyModal(stack, ADMIN.id, view.id, { name: 'leak-drill', actions: ['chat'], environments: ['production'], agents: '*' });
  const made = keyIn(created.shown)!;
  const bootstrapped = await bootstrapApiKey(stack, { name: 'leak-drill-bootstrap', scopes: { actions: ['chat'] } });
  const rotation = await slack.slash(ADMIN.id, `apikeys rotate ${bootstrapped.prefix}`);
  const successor = keyIn(String(rotation.json.text))!;
  for (const key of [made, successor]) expect(key).toMatch(/^wk_live_/);
  // Used once each, so the verifier and the last-used batch have handled them too.
  for (const key of [made, successor, bootstrapped.key]) {
    const res = await fetch(`${stack.apiUrl}/v1/apikeys/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key }) });
    expect(res.status).toBe(200);
  }
  await slack.slash(ADMIN.id, 'apikeys');

  const count = (text: string, needle: string) => text.split(needle).length - 1;
  // Exactly once in everything Slack was sent: the creator's modal, and the rotating admin's ephemeral reply.
  const slackText = stack.slack.recordedText();
  expect(count(slackText, made)).toBe(1);
  expect(count(JSON.stringify(stack.slack.callsTo('views.update')), made)).toBe(1);
  expect(count(slackText, successor)).toBe(1);
  expect(count(JSON.stringify(stack.slack.responses().filter((r) => (r.body as { response_type?: string }).response_type === 'ephemeral')), successor)).toBe(1);
  expect(JSON.stringify(stack.slack.callsTo('chat.postMessage'))).not.toMatch(/wk_live_[0-9a-f]{8}_/);

  const history = await allHistoryText(stack.warden.client, stack.warden.services.codec);
  expect(history.decoded).toContain('"keyHash"'); // the workflows carried the hash, readable, and nothing more
  const logs = stack.logLines.join('\n');
  const sdkLog = sdkLogs().join('\n');
  const dump = execFileSync('pg_dump', ['--data-only', stack.db.url], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const auditDump = JSON.stringify(await stack.warden.services.audit.list({ limit: 1000 }));
  expect(dump).toContain(bootstrapped.prefix);
  for (const key of [made, successor, bootstrapped.key]) {
    // The secret itself, after `wk_live_<id>_`: it may contain `_` too, so a tail after the last one can be a few
    // characters that turn up in any ciphertext by chance.
    const secretPart = /^wk_live_[0-9a-f]+_(.+)$/.exec(key)?.[1] ?? '';
    expect(secretPart).toHaveLength(43);
    for (const [where, text] of Object.entries({ raw: history.raw, decoded: history.decoded, logs, sdkLog, dump, auditDump })) {
      expect({ where, found: text.includes(secretPart) }).toEqual({ where, found: false });
    }
  }
}, 120_000);
