import type { Provider } from '../../../../lib/contracts/providers';
import { createGuardedFetch, parseAllowedHosts, type GuardedFetch } from '../../../../lib/net';
import { createProviderKeyChecker, type KeyCheckTarget, type ProviderKeyChecker } from '../../../../lib/providers';
import { startFakeProviderServer, type FakeProviderServer } from '../../../fakes/provider-server';

// Key-shaped test values in each provider's format; none is a real key.
const KEY_SHAPES: Record<Provider, string> = {
  openai: 'sk-proj-test0000000000000000000000000000000000',
  anthropic: 'sk-ant-api03-test000000000000000000000000000000000',
  gemini: 'AIzaSyTest000000000000000000000000000000',
  openai_compatible: 'gsk_test0000000000000000000000000000000000000000',
};

let server: FakeProviderServer;
let checker: ProviderKeyChecker;
let serial = 0;
// The fake listens on 127.0.0.1: allowlisted here as an operator would allow a self-hosted gateway.
const personUrlFetch: GuardedFetch = createGuardedFetch({ allowedHosts: parseAllowedHosts('127.0.0.1').hosts });

beforeAll(async () => {
  server = await startFakeProviderServer();
  checker = createProviderKeyChecker({ endpoints: server.endpoints, timeoutMs: 400, personUrlFetch });
});
afterAll(async () => {
  await personUrlFetch.close();
  await server.close();
});

/** A fresh key per test, so call counts and behaviours never leak between tests. */
function target(provider: Provider): KeyCheckTarget {
  const apiKey = `${KEY_SHAPES[provider]}${++serial}`;
  return { provider, apiKey, ...(provider === 'openai_compatible' ? { baseUrl: server.openaiCompatibleBaseUrl } : {}) };
}

describe.each<Provider>(['openai', 'anthropic', 'gemini', 'openai_compatible'])('createProviderKeyChecker: %s', (provider) => {
  test('a valid key is valid, and the detail says what the provider answered', async () => {
    const t = target(provider);
    server.setKey(t.apiKey, { kind: 'valid' });
    const result = await checker.check(t);
    expect(result).toEqual({
      verdict: 'valid',
      detail: expect.stringMatching(/accepted the key and listed \d+ models\./),
      httpStatus: 200,
      latencyMs: expect.any(Number),
    });
    expect(server.callCount(t.apiKey)).toBe(1);
  });

  test('a rejected key is invalid_or_revoked, and the detail does not echo the key', async () => {
    const t = target(provider);
    server.setKey(t.apiKey, { kind: 'invalid' });
    const result = await checker.check(t);
    expect(result.verdict).toBe('invalid_or_revoked');
    expect(result.httpStatus).toBe(provider === 'gemini' ? 400 : 401);
    expect(result.detail).not.toContain(t.apiKey);
    expect(result.detail).not.toContain(t.apiKey.slice(-8));
  });

  test('a key the provider never issued answers as invalid', async () => {
    expect((await checker.check(target(provider))).verdict).toBe('invalid_or_revoked');
  });

  test('an exhausted quota is quota_exhausted with no retry hint', async () => {
    const t = target(provider);
    server.setKey(t.apiKey, { kind: 'quota_exhausted' });
    const result = await checker.check(t);
    expect(result).toMatchObject({ verdict: 'quota_exhausted', httpStatus: 429 });
    expect(result.retryAfterSeconds).toBeUndefined();
  });

  test('a rate limit is rate_limited with the wait the provider asked for', async () => {
    const t = target(provider);
    server.setKey(t.apiKey, { kind: 'rate_limited', retryAfterSeconds: 7 });
    const result = await checker.check(t);
    expect(result).toMatchObject({ verdict: 'rate_limited', retryAfterSeconds: 7, httpStatus: 429 });
    expect(result.detail).toContain('retry in 7 s');
  });

  test.each([undefined, 500, 503] as const)('an outage (status %s) is provider_outage', async (status) => {
    const t = target(provider);
    server.setKey(t.apiKey, status ? { kind: 'outage', status } : { kind: 'outage' });
    const result = await checker.check(t);
    expect(result.verdict).toBe('provider_outage');
    expect(result.httpStatus).toBeGreaterThanOrEqual(500);
    expect(result.detail).toContain("not the key's fault");
  });

  test('a provider slower than the timeout is provider_outage, with the timeout in the detail', async () => {
    const t = target(provider);
    server.setKey(t.apiKey, { kind: 'slow', delayMs: 2_000 });
    const result = await checker.check(t);
    expect(result.verdict).toBe('provider_outage');
    expect(result.detail).toContain('did not answer within 400 ms');
    expect(result.latencyMs).toBeGreaterThanOrEqual(350);
    expect(result.latencyMs).toBeLessThan(2_000);
  });

  test('a slow answer inside the timeout is still valid', async () => {
    const t = target(provider);
    server.setKey(t.apiKey, { kind: 'slow', delayMs: 50 });
    expect((await checker.check(t)).verdict).toBe('valid');
  });

  test('an outage that recovers: the first check is an outage, the next is valid (no SDK retries)', async () => {
    const t = target(provider);
    server.setKey(t.apiKey, { kind: 'outage_then_valid', failures: 1 });
    expect((await checker.check(t)).verdict).toBe('provider_outage');
    expect(server.callCount(t.apiKey)).toBe(1);
    expect((await checker.check(t)).verdict).toBe('valid');
  });

  test('the fake records the call under a fingerprint, never the raw key', async () => {
    const t = target(provider);
    server.setKey(t.apiKey, { kind: 'valid' });
    await checker.check(t);
    const logged = JSON.stringify(server.calls);
    expect(logged).not.toContain(t.apiKey);
    expect(server.calls.at(-1)).toMatchObject({ provider, method: 'GET', path: provider === 'gemini' ? '/v1beta/models' : '/v1/models' });
  });
});

describe('createProviderKeyChecker: provider specifics', () => {
  test('Anthropic overloaded (529) is provider_outage', async () => {
    const t = target('anthropic');
    server.setKey(t.apiKey, { kind: 'outage', status: 529 });
    const result = await checker.check(t);
    expect(result).toMatchObject({ verdict: 'provider_outage', httpStatus: 529, detail: "Anthropic is overloaded (HTTP 529); not the key's fault." });
  });

  test('an OpenAI-compatible key is checked at its own base URL, not OpenAI', async () => {
    const t = target('openai_compatible');
    server.setKey(t.apiKey, { kind: 'valid' });
    await checker.check(t);
    expect(server.calls.at(-1)).toMatchObject({ provider: 'openai_compatible', path: '/v1/models' });
  });

  test('an OpenAI-compatible base URL on 127.0.0.1 is refused without the allowlist: configuration_error naming the host, no call', async () => {
    const unguarded = createProviderKeyChecker({ endpoints: server.endpoints, timeoutMs: 400 });
    const t = target('openai_compatible');
    server.setKey(t.apiKey, { kind: 'valid' });
    const host = new URL(server.openaiCompatibleBaseUrl).host;
    const refused = {
      verdict: 'configuration_error',
      detail: `Warden does not call ${host}: it is a loopback address (this machine). Give the provider's public https URL, or an operator can allow a self-hosted gateway's host in WARDEN_ALLOWED_PRIVATE_HOSTS.`,
      latencyMs: expect.any(Number),
    };
    expect(await unguarded.check(t)).toEqual(refused);
    expect(await unguarded.check({ ...t, baseUrl: server.openaiCompatibleBaseUrl.replace('http:', 'https:') })).toEqual(refused);
    expect(server.callCount(t.apiKey)).toBe(0);
  });

  test("the configured endpoints are the operator's and stay unguarded, even on 127.0.0.1", async () => {
    const unguarded = createProviderKeyChecker({ endpoints: server.endpoints, timeoutMs: 400 });
    const t = target('openai');
    server.setKey(t.apiKey, { kind: 'valid' });
    expect((await unguarded.check(t)).verdict).toBe('valid');
  });

  test('an OpenAI-compatible key without a base URL is a configuration_error, and nothing is called', async () => {
    const before = server.calls.length;
    const result = await checker.check({ provider: 'openai_compatible', apiKey: `${KEY_SHAPES.openai_compatible}x` });
    expect(result).toMatchObject({ verdict: 'configuration_error', detail: expect.stringContaining('base URL') });
    expect(server.calls.length).toBe(before);
  });

  test('a base URL that is not the API (404) is a configuration_error, not a bad key', async () => {
    const wrong = createProviderKeyChecker({ endpoints: { ...server.endpoints, gemini: `${server.endpoints.gemini}/nope` }, timeoutMs: 400 });
    const t = target('gemini');
    server.setKey(t.apiKey, { kind: 'valid' });
    const result = await wrong.check(t);
    expect(result).toMatchObject({ verdict: 'configuration_error', httpStatus: 404, detail: expect.stringContaining('base URL') });
  });

  test('an unreachable provider is provider_outage and names the host', async () => {
    const closed = await startFakeProviderServer();
    await closed.close();
    const unreachable = createProviderKeyChecker({ endpoints: closed.endpoints, timeoutMs: 400 });
    const result = await unreachable.check({ provider: 'openai', apiKey: KEY_SHAPES.openai });
    expect(result.verdict).toBe('provider_outage');
    expect(result.detail).toMatch(/127\.0\.0\.1:\d+ could not be reached/);
  });

  test('an empty key is a configuration_error without a call', async () => {
    const result = await checker.check({ provider: 'openai', apiKey: '  ' });
    expect(result.verdict).toBe('configuration_error');
  });

  test('latency comes from the injected clock', async () => {
    let now = 1_000;
    const timed = createProviderKeyChecker({ endpoints: server.endpoints, timeoutMs: 400, now: () => (now += 25) });
    const t = target('openai');
    server.setKey(t.apiKey, { kind: 'valid' });
    expect((await timed.check(t)).latencyMs).toBe(25);
  });
});
