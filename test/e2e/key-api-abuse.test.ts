// The key API under abuse, over real HTTP from several client addresses (127.0.0.0/8 is all loopback, so a
// request can come from 127.0.0.2 as from another host): a loop of bad-token calls is rate-limited with a reason,
// its refusals stay a handful of audit rows, and other callers are not held up.
import { request } from 'node:http';
import { ALL_SCOPES } from '../helpers/api-keys';
import { ADMIN, eventually, startTestStack, type TestStack } from '../helpers/warden-stack';

const WINDOW_MS = 2_000;
let stack: TestStack;
let apiKey: string;

beforeAll(async () => {
  stack = await startTestStack({
    parts: { api: true, worker: false, bot: false },
    env: {
      WARDEN_HOSTED_GEMINI_KEY: 'AIzaHOSTEDkeyHOSTEDkeyHOSTEDkeyHOSTED12',
      KEY_API_RATE_LIMIT: '5',
      KEY_API_RATE_BURST: '10',
      KEY_API_REFUSALS_AUDITED: '3',
      KEY_API_REFUSAL_WINDOW: `${WINDOW_MS}ms`,
    },
  });
  // From an address no test uses, so the bootstrap call spends nobody's rate budget.
  const created = await call('/v1/apikeys', {
    from: '127.0.0.9',
    method: 'POST',
    token: stack.env.WARDEN_SERVICE_TOKEN!,
    body: JSON.stringify({ name: 'agent-runtime', ownerSlackId: ADMIN.id, scopes: ALL_SCOPES }),
  });
  apiKey = (created.body as { key: string }).key;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

interface Answer {
  status: number;
  retryAfter: string | undefined;
  body: { error?: string; message?: string; source?: string };
}

/** One GET or POST from the given loopback address, on its own connection. */
function call(path: string, opts: { from: string; token?: string; method?: string; body?: string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: new URL(stack.apiUrl).port,
        path,
        method: opts.method ?? 'GET',
        localAddress: opts.from,
        agent: false,
        headers: { 'content-type': 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body: JSON.parse(text || '{}') as Answer['body'] }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

const RESOLVE = '/v1/keys/resolve?provider=gemini&environment=production';
const token = () => apiKey;

test('a loop of bad-token calls is refused with 429 and a reason, and its refusals stay a few audit rows with the count', async () => {
  const from = '127.0.0.1';
  const started = Date.now();
  const answers: Answer[] = [];
  for (let i = 0; i < 60; i++) answers.push(await call(RESOLVE, { from, token: 'guessed-token-guessed-token-guessed-00' }));
  const ended = Date.now();

  // The burst reaches the token check, and then only what the rate refills while the loop runs.
  expect(answers.slice(0, 10).map((a) => a.status)).toEqual(Array(10).fill(401));
  const limited = answers.filter((a) => a.status === 429);
  expect(answers.length - limited.length).toBeLessThanOrEqual(10 + Math.ceil(((ended - started) / 1000) * 5));
  expect(limited.length).toBeGreaterThan(0);
  expect(answers.every((a) => a.status === 401 || a.status === 429)).toBe(true);
  for (const a of limited) {
    expect(Number(a.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(a.body).toEqual({
      error: 'warden_rate_limited',
      message: `Too many requests from 127.0.0.1: the key API takes 5 a second per client address, in bursts of up to 10. Retry after ${a.retryAfter} s.`,
    });
  }

  // Every refusal is accounted for exactly once: a row of its own (the first 3 per window) or in a count.
  const windows = Math.floor(ended / WINDOW_MS) - Math.floor(started / WINDOW_MS) + 1;
  const mine = async () => (await stack.warden.services.audit.list({ limit: 1000 })).filter((e) => e.details.remoteAddress === from || e.target === from);
  const rows = await eventually('the aggregated refusals to be written', async () => {
    const found = await mine();
    const individual = found.filter((e) => e.action !== 'api.refusals').length;
    const counted = found.filter((e) => e.action === 'api.refusals').reduce((n, e) => n + (e.details.count as number), 0);
    return individual + counted === 60 ? found : undefined;
  });
  expect(rows.length).toBeLessThanOrEqual(windows * 4);
  const aggregated = rows.filter((e) => e.action === 'api.refusals');
  expect(aggregated[0]).toMatchObject({ actor: 'unauthenticated', outcome: 'denied', target: from, details: { auditedIndividually: 3 } });
  const reasons = aggregated.reduce<Record<string, number>>((acc, e) => {
    for (const [reason, n] of Object.entries(e.details.reasons as Record<string, number>)) acc[reason] = (acc[reason] ?? 0) + n;
    return acc;
  }, {});
  expect(reasons['rate limited']).toBe(limited.length - rows.filter((e) => e.action === 'api.request').length);
  await expect(stack.warden.services.audit.verify()).resolves.toMatchObject({ ok: true });
});

test('while one address is being refused, a valid caller from another address gets its key', async () => {
  const flood = Promise.all(Array.from({ length: 40 }, () => call(RESOLVE, { from: '127.0.0.2', token: 'wrong-wrong-wrong-wrong-wrong-wrong-00' })));
  const other = await call(RESOLVE, { from: '127.0.0.3', token: token() });
  expect(other.status).toBe(200);
  expect(other.body).toMatchObject({ source: 'hosted' });
  const refused = (await flood).map((a) => a.status);
  expect(refused.filter((s) => s === 429).length).toBeGreaterThanOrEqual(20);
  expect(refused.every((s) => s === 401 || s === 429)).toBe(true);
});

test('a refused evidence download is audited with the reason and the caller address', async () => {
  const wrong = await call('/v1/reviews/evidence?review=membership-review:2026-q4&format=csv', { from: '127.0.0.4', token: 'not-the-service-token-not-the-token-0' });
  expect(wrong.status).toBe(401);
  expect(wrong.body).toEqual({ error: 'warden_unauthorized', message: 'A valid Warden API key is required (Authorization: Bearer wk_live_…); create one with /warden apikeys create.' });
  const none = await call('/v1/reviews/evidence?review=membership-review:2026-q4', { from: '127.0.0.4' });
  expect(none.status).toBe(401);

  const denied = await stack.warden.services.audit.list({ action: 'review.evidence_downloaded', target: 'membership-review:2026-q4' });
  expect(denied.map((e) => [e.actor, e.outcome, e.details])).toEqual([
    ['unauthenticated', 'denied', { reason: 'no api key', remoteAddress: '127.0.0.4', path: '/v1/reviews/evidence' }],
    ['unauthenticated', 'denied', { reason: 'not an api key', remoteAddress: '127.0.0.4', path: '/v1/reviews/evidence' }],
  ]);
});

test('the codec server and the health check are rate-limited like every other route', async () => {
  const body = JSON.stringify({ payloads: [] });
  const codec = await Promise.all(Array.from({ length: 30 }, () => call('/codec/decode', { from: '127.0.0.5', method: 'POST', body })));
  expect(codec.filter((a) => a.status === 401).length).toBeGreaterThanOrEqual(10);
  expect(codec.filter((a) => a.status === 429).length).toBeGreaterThanOrEqual(15);
  // The health check shares the address's bucket: a burst of it is refused too (a burst, so the refill of
  // 5 a second on a slow machine cannot let every single one through).
  const health = await Promise.all(Array.from({ length: 15 }, () => call('/healthz', { from: '127.0.0.5' })));
  expect(health.filter((a) => a.status === 429).length).toBeGreaterThanOrEqual(1);
});

test('a valid caller over the limit is told when to retry, and is served when it does', async () => {
  const from = '127.0.0.6';
  const answers = await Promise.all(Array.from({ length: 30 }, () => call(RESOLVE, { from, token: token() })));
  expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(10);
  const limited = answers.filter((a) => a.status === 429);
  expect(limited.length).toBeGreaterThanOrEqual(15);
  expect(limited.every((a) => a.retryAfter === '1')).toBe(true);
  await new Promise((r) => setTimeout(r, 1000));
  expect((await call(RESOLVE, { from, token: token() })).status).toBe(200);
});
