// POST /v1/redact on Warden's key API (issue 10), over real HTTP against the stack as `npm start` runs it:
// authenticated by an API key scoped to redaction, body-size limited, rate-limited like every route, audited by counts only.
import { request } from 'node:http';
import { bootstrapApiKey } from '../helpers/api-keys';
import { startTestStack, type TestStack } from '../helpers/warden-stack';

let stack: TestStack;
let redactor: { key: string; prefix: string };
let resolverOnly: { key: string; prefix: string };

beforeAll(async () => {
  stack = await startTestStack({
    parts: { api: true, worker: false, bot: false },
    env: { KEY_API_RATE_LIMIT: '2', KEY_API_RATE_BURST: '5', WARDEN_REDACT_MAX_KB: '2', WARDEN_REDACT_POLICY: 'T0LIMITED=email;*=all' },
  });
  redactor = await bootstrapApiKey(stack, { name: 'agent-runtime', scopes: { actions: ['redaction'] } });
  resolverOnly = await bootstrapApiKey(stack, { name: 'key-resolver', scopes: { actions: ['resolve_key'] } });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

interface Answer {
  status: number;
  body: { error?: string; message?: string; text?: string; counts?: Record<string, number>; detectors?: string[] };
}

/** One POST from a given loopback address (each test its own, so the rate limit of one does not touch another). */
function redact(from: string, body: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: new URL(stack.apiUrl).port,
        path: '/v1/redact',
        method: 'POST',
        localAddress: from,
        agent: false,
        headers: { authorization: `Bearer ${redactor.key}`, 'content-type': 'application/json', 'x-warden-caller': 'someone-else', ...headers },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text || '{}') as Answer['body'] }));
      },
    );
    // An oversized body may be cut off by the server's answer; the answer is what the test checks.
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err)));
    req.end(body);
  });
}

const TEXT = 'Hi, I am Ana (ana.lima@example.com, +44 20 7946 0958). Card 4111 1111 1111 1111, order #100031, version 2.3.1.';

test('200: the text comes back with placeholders and counts, and the audit log holds the counts, not the text', async () => {
  const answer = await redact('127.0.0.2', JSON.stringify({ text: TEXT }));
  expect(answer).toEqual({
    status: 200,
    body: {
      text: 'Hi, I am Ana ([EMAIL], [PHONE]). Card [CARD], order #100031, version 2.3.1.',
      counts: { email: 1, card: 1, phone: 1 },
      detectors: ['secret', 'email', 'iban', 'card', 'phone', 'ip_address'],
    },
  });
  const events = await stack.db.prisma.auditEvent.findMany({ where: { action: 'redaction.performed', outcome: 'succeeded' } });
  expect(events).toHaveLength(1);
  // Who called comes from the key, not from the header the caller wrote.
  expect(events[0]).toMatchObject({ actor: `apikey:${redactor.prefix}`, details: { counts: { email: 1, card: 1, phone: 1 }, characters: TEXT.length } });
  expect(JSON.stringify(events[0]!.details)).not.toMatch(/ana|4111|7946/);
});

test("an organisation's policy decides which detectors run; a call can narrow it but not widen it", async () => {
  const limited = await redact('127.0.0.3', JSON.stringify({ text: TEXT, org: 'T0LIMITED', detectors: ['email', 'card'] }));
  expect(limited.body).toMatchObject({ counts: { email: 1 }, detectors: ['email'] });
  expect(limited.body.text).toContain('4111 1111 1111 1111');
});

test('403 naming the scope for a key without redaction, audited', async () => {
  expect(await redact('127.0.0.8', JSON.stringify({ text: TEXT }), { authorization: `Bearer ${resolverOnly.key}` })).toMatchObject({
    status: 403,
    body: { error: 'warden_scope_missing', message: expect.stringContaining('lacks the scope action redaction') },
  });
  const audited = await stack.warden.services.audit.list({ actor: `apikey:${resolverOnly.prefix}` });
  expect(audited.map((e) => [e.action, e.outcome, e.details.reason])).toEqual([['redaction.performed', 'denied', 'scope missing: action redaction']]);
});

test('401 without an API key, 415 for a body that is not JSON, 400 naming what is wrong', async () => {
  expect(await redact('127.0.0.4', JSON.stringify({ text: TEXT }), { authorization: 'Bearer wrong-token-wrong-token-wrong-token' })).toEqual({
    status: 401,
    body: { error: 'warden_unauthorized', message: 'A valid Warden API key is required (Authorization: Bearer wk_live_…); create one with /warden apikeys create.' },
  });
  expect(await redact('127.0.0.4', TEXT, { 'content-type': 'text/plain' })).toEqual({
    status: 415,
    body: { error: 'warden_unsupported_media_type', message: 'Send the body as JSON (Content-Type: application/json); got text/plain.' },
  });
  expect(await redact('127.0.0.4', JSON.stringify({ txt: TEXT }))).toMatchObject({ status: 400, body: { error: 'warden_invalid_input', message: expect.stringContaining('text: text is required') } });
  expect(await redact('127.0.0.4', '{"text": ')).toEqual({ status: 400, body: { error: 'warden_invalid_input', message: 'The body is not valid JSON.' } });
});

test('413 for a body over the limit, whether declared up front or streamed', async () => {
  const big = JSON.stringify({ text: 'x'.repeat(3000) });
  expect(await redact('127.0.0.5', big)).toEqual({ status: 413, body: { error: 'warden_payload_too_large', message: 'The body is larger than 2 KB; send less text per call.' } });
  expect((await redact('127.0.0.5', big, { 'transfer-encoding': 'chunked' })).status).toBe(413);
  // Just under the limit is fine.
  expect((await redact('127.0.0.5', JSON.stringify({ text: 'y'.repeat(1900) }))).status).toBe(200);
});

test('429 once a client has used its burst, while another client is still served', async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 12; i++) statuses.push((await redact('127.0.0.6', JSON.stringify({ text: 'ana@example.com' }))).status);
  expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
  expect(statuses).toContain(429);
  expect((await redact('127.0.0.7', JSON.stringify({ text: 'ana@example.com' }))).status).toBe(200);
});
