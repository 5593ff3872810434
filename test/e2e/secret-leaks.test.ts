import { execFileSync } from 'node:child_process';
import { allHistoryText } from '../helpers/history-text';
import { fakeKey } from '../helpers/key-workflows';
import { slackDriver } from '../helpers/slack-driver';
import { sdkLogs } from '../helpers/temporal';
import { ADMIN, eventually, startTestStack, type TestStack } from '../helpers/warden-stack';
import { serviceApiKey } from '../helpers/api-keys';

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
