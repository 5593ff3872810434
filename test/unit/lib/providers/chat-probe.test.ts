import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Provider } from '../../../../lib/contracts/providers';
import { createGuardedFetch, parseAllowedHosts } from '../../../../lib/net';
import { createChatProbe, DEFAULT_PROBE_MODELS, type ChatProbe, type KeyCheckTarget } from '../../../../lib/providers';
import { startFakeProviderServer, type FakeProviderServer } from '../../../fakes/provider-server';

const KEY_SHAPES: Record<Provider, string> = {
  openai: 'sk-proj-probe000000000000000000000000000000000',
  anthropic: 'sk-ant-api03-probe00000000000000000000000000000000',
  gemini: 'AIzaSyProbe00000000000000000000000000000',
  openai_compatible: 'gsk_probe000000000000000000000000000000000000000',
};
// The compatible host serves Llama, not the OpenAI default.
const COMPATIBLE_MODEL = 'llama-3.1-8b-instant';
const CHAT_PATHS: Record<Provider, string> = {
  openai: '/v1/chat/completions',
  openai_compatible: '/v1/chat/completions',
  anthropic: '/v1/messages',
  gemini: `/v1beta/models/${DEFAULT_PROBE_MODELS.gemini}:generateContent`,
};

let server: FakeProviderServer;
let probe: ChatProbe;
let serial = 0;
// The fake listens on 127.0.0.1: allowlisted here as an operator would allow a self-hosted gateway.
const personUrlFetch = createGuardedFetch({ allowedHosts: parseAllowedHosts('127.0.0.1').hosts });

beforeAll(async () => {
  server = await startFakeProviderServer();
  probe = createChatProbe({ endpoints: server.endpoints, timeoutMs: 400, models: { openai_compatible: COMPATIBLE_MODEL }, personUrlFetch });
});
afterAll(async () => {
  await personUrlFetch.close();
  await server.close();
});

function target(provider: Provider): KeyCheckTarget {
  const apiKey = `${KEY_SHAPES[provider]}${++serial}`;
  return { provider, apiKey, ...(provider === 'openai_compatible' ? { baseUrl: server.openaiCompatibleBaseUrl } : {}) };
}

describe.each<Provider>(['openai', 'anthropic', 'gemini', 'openai_compatible'])('createChatProbe: %s', (provider) => {
  const model = provider === 'openai_compatible' ? COMPATIBLE_MODEL : DEFAULT_PROBE_MODELS[provider];

  test('a working key gets the one-word reply from the cheapest model', async () => {
    const t = target(provider);
    server.setKey(t.apiKey, { kind: 'valid' });
    const result = await probe.send(t);
    expect(result).toEqual({
      ok: true,
      verdict: 'valid',
      detail: expect.stringContaining(`answered the test message with ${model}: "ok"`),
      replyText: 'ok',
      model,
      latencyMs: expect.any(Number),
    });
    expect(server.calls.at(-1)).toMatchObject({ provider, method: 'POST', path: CHAT_PATHS[provider], model });
  });

  test('a rejected key is not ok, says invalid_or_revoked, and never shows the key', async () => {
    const t = target(provider);
    server.setKey(t.apiKey, { kind: 'invalid' });
    const result = await probe.send(t);
    expect(result).toMatchObject({ ok: false, verdict: 'invalid_or_revoked', model });
    expect(result.replyText).toBeUndefined();
    expect(result.detail).not.toContain(t.apiKey);
  });

  test('a provider slower than the timeout is a provider_outage', async () => {
    const t = target(provider);
    server.setKey(t.apiKey, { kind: 'slow', delayMs: 2_000 });
    const result = await probe.send(t);
    expect(result).toMatchObject({ ok: false, verdict: 'provider_outage', detail: expect.stringContaining('did not answer within 400 ms') });
  });
});

describe('createChatProbe: answers worth telling apart', () => {
  test('Gemini errors come through the SDK with their details intact (daily quota)', async () => {
    const t = target('gemini');
    server.setKey(t.apiKey, { kind: 'quota_exhausted' });
    expect(await probe.send(t)).toMatchObject({ ok: false, verdict: 'quota_exhausted', detail: expect.stringContaining('daily quota') });
  });

  test('Gemini rate limits keep their RetryInfo wait in the detail', async () => {
    const t = target('gemini');
    server.setKey(t.apiKey, { kind: 'rate_limited', retryAfterSeconds: 11 });
    expect(await probe.send(t)).toMatchObject({ verdict: 'rate_limited', detail: expect.stringContaining('retry in 11 s') });
  });

  test('Anthropic overload (529) is an outage, not a key problem', async () => {
    const t = target('anthropic');
    server.setKey(t.apiKey, { kind: 'outage', status: 529 });
    expect(await probe.send(t)).toMatchObject({ ok: false, verdict: 'provider_outage' });
  });

  test('a model the host does not serve is a configuration_error that names the model', async () => {
    const defaults = createChatProbe({ endpoints: server.endpoints, timeoutMs: 400, personUrlFetch });
    const t = target('openai_compatible');
    server.setKey(t.apiKey, { kind: 'valid' });
    const result = await defaults.send(t);
    expect(result).toMatchObject({ ok: false, verdict: 'configuration_error', model: 'gpt-4o-mini' });
    expect(result.detail).toContain('gpt-4o-mini');
  });

  test('a retired model (Claude Haiku 3.5) answers 404, which is why it is not the default', async () => {
    const retired = createChatProbe({ endpoints: server.endpoints, timeoutMs: 400, models: { anthropic: 'claude-3-5-haiku-latest' } });
    const t = target('anthropic');
    server.setKey(t.apiKey, { kind: 'valid' });
    expect(await retired.send(t)).toMatchObject({ ok: false, verdict: 'configuration_error', detail: expect.stringContaining('claude-3-5-haiku-latest') });
  });

  test('the test chat to an OpenAI-compatible base URL on 127.0.0.1 is refused without the allowlist, and nothing is sent', async () => {
    const unguarded = createChatProbe({ endpoints: server.endpoints, timeoutMs: 400, models: { openai_compatible: COMPATIBLE_MODEL } });
    const t = target('openai_compatible');
    server.setKey(t.apiKey, { kind: 'valid' });
    const result = await unguarded.send({ ...t, baseUrl: t.baseUrl!.replace('http:', 'https:') });
    expect(result).toMatchObject({ ok: false, verdict: 'configuration_error', detail: expect.stringContaining('it is a loopback address (this machine)') });
    expect(server.callCount(t.apiKey)).toBe(0);
  });

  test("a compatible host's reply reaches Slack short, redacted and without mrkdwn links or mentions", async () => {
    const hostile = `<!channel> ok <https://evil.example|log in again> sk-proj-${'B'.repeat(40)} ${'y'.repeat(400)}`;
    const host = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion', created: 0, model: COMPATIBLE_MODEL, choices: [{ index: 0, finish_reason: 'length', message: { role: 'assistant', content: hostile } }] }));
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    try {
      const baseUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}/v1`;
      const result = await probe.send({ provider: 'openai_compatible', apiKey: KEY_SHAPES.openai_compatible, baseUrl });
      expect(result).toMatchObject({ ok: true, verdict: 'valid' });
      expect(result.replyText).toMatch(/^‹!channel› ok ‹https:\/\/evil\.example\|log in again› /);
      expect(result.detail).not.toMatch(/[<>]/);
      expect(result.detail).not.toContain('B'.repeat(40));
      expect(result.replyText!.length).toBeLessThanOrEqual(200);
    } finally {
      host.closeAllConnections();
      await new Promise<void>((resolve) => host.close(() => resolve()));
    }
  });

  test('an OpenAI-compatible key without a base URL is refused before any call', async () => {
    const before = server.calls.length;
    const result = await probe.send({ provider: 'openai_compatible', apiKey: KEY_SHAPES.openai_compatible });
    expect(result).toMatchObject({ ok: false, verdict: 'configuration_error' });
    expect(server.calls.length).toBe(before);
  });
});
