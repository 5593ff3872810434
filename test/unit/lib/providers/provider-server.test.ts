import { callFingerprint, startFakeProviderServer, type FakeProviderServer } from '../../../fakes/provider-server';

// The fake is only useful if it answers like the real APIs; these pin the protocol details that
// workflow and end-to-end tests rely on without going through an SDK.

const KEY = 'sk-ant-api03-fakeserver000000000000000000000000000';
const GEMINI_KEY = 'AIzaSyFakeServer000000000000000000000000';

let server: FakeProviderServer;

beforeAll(async () => {
  server = await startFakeProviderServer();
  server.setKey(KEY, { kind: 'valid' });
  server.setKey(GEMINI_KEY, { kind: 'valid' });
});
afterAll(() => server.close());

async function call(url: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; body: any }> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // HTML answers stay text.
  }
  return { status: response.status, headers: response.headers, body };
}

describe('fake provider server: Anthropic', () => {
  test('refuses a request without anthropic-version, like the real API', async () => {
    const { status, body } = await call(`${server.endpoints.anthropic}/v1/models`, { headers: { 'x-api-key': KEY } });
    expect(status).toBe(400);
    expect(body).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' } });
  });

  test('takes the key from x-api-key (SDK 1.x sends Bearer), and pages with has_more/last_id', async () => {
    const { status, headers, body } = await call(`${server.endpoints.anthropic}/v1/models?limit=1`, {
      headers: { 'x-api-key': KEY, 'anthropic-version': '2023-06-01' },
    });
    expect(status).toBe(200);
    expect(headers.get('request-id')).toMatch(/^req_011C/);
    expect(body).toMatchObject({ data: [{ type: 'model' }], has_more: true, first_id: body.data[0].id, last_id: body.data[0].id });
  });

  test('an unknown route is a not_found_error', async () => {
    const { status, body } = await call(`${server.endpoints.anthropic}/v1/nope`, { headers: { 'x-api-key': KEY, 'anthropic-version': '2023-06-01' } });
    expect(status).toBe(404);
    expect(body).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
  });
});

describe('fake provider server: Gemini', () => {
  test('accepts the key as ?key= and keeps it out of the call log', async () => {
    const { status, body } = await call(`${server.endpoints.gemini}/v1beta/models?key=${GEMINI_KEY}`);
    expect(status).toBe(200);
    expect(body.models[0]).toMatchObject({ name: expect.stringMatching(/^models\//), supportedGenerationMethods: expect.any(Array) });
    expect(server.calls.at(-1)).toMatchObject({ provider: 'gemini', path: '/v1beta/models', apiKeyFingerprint: callFingerprint(GEMINI_KEY) });
    expect(JSON.stringify(server.calls)).not.toContain(GEMINI_KEY);
  });

  test('a call without any key is 403 PERMISSION_DENIED', async () => {
    const { status, body } = await call(`${server.endpoints.gemini}/v1beta/models`);
    expect(status).toBe(403);
    expect(body).toMatchObject({ error: { code: 403, status: 'PERMISSION_DENIED' } });
  });

  test('an unknown path gets Google front end HTML, not JSON', async () => {
    const { status, headers, body } = await call(`${server.endpoints.gemini}/v1beta/nope`, { headers: { 'x-goog-api-key': GEMINI_KEY } });
    expect(status).toBe(404);
    expect(headers.get('content-type')).toContain('text/html');
    expect(body).toContain('was not found on this server');
  });
});

describe('fake provider server: OpenAI and compatible', () => {
  test('an unknown route is "Invalid URL" in the OpenAI error shape', async () => {
    const { status, body } = await call(`${server.endpoints.openai}/nope`, { headers: { authorization: 'Bearer sk-whatever' } });
    expect(status).toBe(404);
    expect(body).toEqual({ error: { message: 'Invalid URL (GET /v1/nope)', type: 'invalid_request_error', param: null, code: null } });
  });

  test("OpenAI's rate limit hides the wait in the message; the compatible host also sends retry-after", async () => {
    const openaiKey = 'sk-proj-ratelimit00000000000000000000000000000';
    const groqKey = 'gsk_ratelimit000000000000000000000000000000000000';
    server.setKey(openaiKey, { kind: 'rate_limited', retryAfterSeconds: 12 });
    server.setKey(groqKey, { kind: 'rate_limited', retryAfterSeconds: 12 });
    const openai = await call(`${server.endpoints.openai}/models`, { headers: { authorization: `Bearer ${openaiKey}` } });
    const groq = await call(`${server.openaiCompatibleBaseUrl}/models`, { headers: { authorization: `Bearer ${groqKey}` } });
    expect(openai.headers.get('retry-after')).toBeNull();
    expect(openai.body.error).toMatchObject({ code: 'rate_limit_exceeded', message: expect.stringContaining('Please try again in 12s') });
    expect(groq.headers.get('retry-after')).toBe('12');
  });

  test('the invalid-key message masks the key the way OpenAI does', async () => {
    const unknown = 'sk-proj-neverissued0000000000000000000000wxyz';
    const { status, body } = await call(`${server.endpoints.openai}/models`, { headers: { authorization: `Bearer ${unknown}` } });
    expect(status).toBe(401);
    expect(body.error).toMatchObject({ code: 'invalid_api_key', message: expect.stringContaining('sk-proj-****') });
    expect(body.error.message).toContain('wxyz');
    expect(body.error.message).not.toContain(unknown);
  });
});

describe('fake provider server: behaviours', () => {
  test('outage_then_valid counts calls per key', async () => {
    const key = 'sk-proj-flaky000000000000000000000000000000000';
    server.setKey(key, { kind: 'outage_then_valid', failures: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await call(`${server.endpoints.openai}/models`, { headers: { authorization: `Bearer ${key}` } })).status);
    expect(statuses).toEqual([500, 500, 200]);
    expect(server.callCount(key)).toBe(3);
  });

  test('close() does not wait for a slow answer still pending', async () => {
    const own = await startFakeProviderServer();
    own.setKey(KEY, { kind: 'slow', delayMs: 60_000 });
    const pending = fetch(`${own.endpoints.anthropic}/v1/models`, { headers: { 'x-api-key': KEY, 'anthropic-version': '2023-06-01' } }).catch(() => 'closed');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    await expect(pending).resolves.toBe('closed');
  });
});
