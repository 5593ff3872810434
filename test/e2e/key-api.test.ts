import { bootstrapApiKey } from '../helpers/api-keys';
import { fakeKey, startAddKey } from '../helpers/key-workflows';
import { slackDriver } from '../helpers/slack-driver';
import { ADMIN, eventually, NON_ADMIN, startTestStack, type TestStack } from '../helpers/warden-stack';

let stack: TestStack;
let agentRuntime: { key: string; prefix: string };

beforeAll(async () => {
  stack = await startTestStack({ env: { WARDEN_HOSTED_GEMINI_KEY: 'AIzaHOSTEDkeyHOSTEDkeyHOSTEDkeyHOSTED12' } });
  agentRuntime = await bootstrapApiKey(stack, { name: 'agent-runtime', scopes: { actions: ['resolve_key'] } });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const resolve = (query: string, token: string | null = agentRuntime.key, init: RequestInit = {}) =>
  fetch(`${stack.apiUrl}/v1/keys/resolve?${query}`, {
    ...init,
    // The old caller header is sent on purpose: identity now comes from the key, so it must be ignored.
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'x-warden-caller': 'someone-else', ...(init.headers ?? {}) },
  });

test('without a working API key the API refuses with 401 and a reason, and audits it; the service token no longer resolves keys', async () => {
  const none = await resolve('provider=openai&environment=production', null);
  expect(none.status).toBe(401);
  expect(await none.json()).toEqual({ error: 'warden_unauthorized', message: expect.stringContaining('API key') });
  const wrong = await resolve('provider=openai&environment=production', 'not-the-token');
  expect(wrong.status).toBe(401);
  expect(wrong.headers.get('access-control-allow-origin')).toBeNull();
  const guessed = await resolve('provider=openai&environment=production', `${agentRuntime.prefix}_${'A'.repeat(43)}`);
  expect(guessed.status).toBe(401);
  expect((await resolve('provider=openai&environment=production', stack.env.WARDEN_SERVICE_TOKEN!)).status).toBe(401);
  const denied = await stack.warden.services.audit.list({ action: 'key.resolve', actor: 'unauthenticated' });
  expect(denied.map((e) => [e.outcome, e.details.reason])).toEqual(
    expect.arrayContaining([
      ['denied', 'no api key'],
      ['denied', 'not an api key'],
      ['denied', 'wrong api key'],
    ]),
  );
});

test('bad query parameters get 400 with the reason', async () => {
  const res = await resolve('provider=mistral&environment=prod');
  expect(res.status).toBe(400);
  const body = (await res.json()) as { error: string; message: string };
  expect(body.error).toBe('warden_invalid_input');
  expect(body.message).toContain('provider must be one of');
  expect(body.message).toContain('environment must be one of');
});

test('the active org key is returned server-side only, never cached, and every call is audited', async () => {
  const apiKey = fakeKey('anthropic');
  stack.providers.setKey(apiKey, { kind: 'valid' });
  const added = await (await startAddKey(stack, { apiKey, provider: 'anthropic', environment: 'staging' })).result();

  const res = await resolve('provider=anthropic&environment=staging', undefined, { headers: { origin: 'https://evil.example' } });
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.headers.get('access-control-allow-origin')).toBeNull();
  expect(await res.json()).toEqual({
    provider: 'anthropic',
    environment: 'staging',
    source: 'org',
    keyId: added.keyId,
    fingerprint: added.fingerprint,
    apiKey,
  });
  const preflight = await fetch(`${stack.apiUrl}/v1/keys/resolve`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
  expect(preflight.status).toBe(405);
  expect(preflight.headers.get('access-control-allow-origin')).toBeNull();

  const events = await stack.warden.services.audit.list({ action: 'key.resolve', target: 'anthropic/staging' });
  expect(events[0]).toMatchObject({ actor: `apikey:${agentRuntime.prefix}`, outcome: 'succeeded', details: { source: 'org', keyId: added.keyId } });
  expect(JSON.stringify(events)).not.toContain(apiKey);
});

test('without an org key the hosted key is used, unless the provider is BYOK-only', async () => {
  const hosted = await resolve('provider=gemini&environment=production');
  expect(hosted.status).toBe(200);
  expect(await hosted.json()).toMatchObject({ source: 'hosted', keyId: null });

  const slack = slackDriver(stack);
  const denied = await slack.slash(NON_ADMIN.id, 'keys byok-only gemini on');
  expect(denied.json.text).toContain('Only org admins');
  const ok = await slack.slash(ADMIN.id, 'keys byok-only gemini on');
  expect(ok.json.text).toContain('BYOK-only');
  await eventually('the policy to apply', () => stack.warden.services.policies.isByokOnly('gemini').then((on) => on || undefined));

  const refused = await resolve('provider=gemini&environment=production');
  expect(refused.status).toBe(404);
  expect(await refused.json()).toEqual({
    error: 'warden_byok_key_missing',
    message: 'Google Gemini is BYOK-only and the org has no active production key; an admin must add one with /warden keys add.',
  });
  const failures = await stack.warden.services.audit.list({ action: 'key.resolve', target: 'gemini/production' });
  expect(failures[0]).toMatchObject({ outcome: 'failed', details: { error: 'warden_byok_key_missing' } });
});

test('a provider with neither an org key nor a hosted key says so', async () => {
  const res = await resolve('provider=openai_compatible&environment=staging');
  expect(res.status).toBe(404);
  expect(((await res.json()) as { error: string }).error).toBe('warden_key_missing');
});

test('operators with the codec token can decode workflow history through the codec server; others cannot', async () => {
  const apiKey = fakeKey('openai');
  stack.providers.setKey(apiKey, { kind: 'valid' });
  const handle = await startAddKey(stack, { apiKey, environment: 'staging' });
  await handle.result();
  const history = await handle.fetchHistory();
  const input = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  const b64 = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? new Uint8Array()).toString('base64');
  const body = JSON.stringify({ payloads: [{ metadata: Object.fromEntries(Object.entries(input?.metadata ?? {}).map(([k, v]) => [k, b64(v)])), data: b64(input?.data) }] });
  expect(Buffer.from(input!.data!).toString('latin1')).not.toContain('keyRef');

  const denied = await fetch(`${stack.apiUrl}/codec/decode`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-namespace': 'default' }, body });
  expect(denied.status).toBe(401);
  const decoded = await fetch(`${stack.apiUrl}/codec/decode`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-namespace': 'default', authorization: `Bearer ${stack.env.WARDEN_CODEC_TOKEN}` },
    body,
  });
  expect(decoded.status).toBe(200);
  const payload = ((await decoded.json()) as { payloads: Array<{ data: string }> }).payloads[0]!;
  const text = Buffer.from(payload.data, 'base64').toString('utf8');
  expect(text).toContain('"keyRef":"sec_');
  expect(text).not.toContain(apiKey);
});
