import { randomBytes } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultPayloadConverter } from '@temporalio/common';
import { createLogger } from '../../../../lib/log/logger';
import { createCodecServerHandler } from '../../../../lib/temporal/codec-server';
import { createEncryptionCodec } from '../../../../lib/temporal/payload-codec';

const TOKEN = 'codec-token-' + randomBytes(16).toString('hex');
const WEB_UI = 'http://localhost:8233';
const codec = createEncryptionCodec({ currentKeyId: 'local-v1', keys: new Map([['local-v1', randomBytes(32)]]) });

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let server: Server;
let base: string;
const logLines: string[] = [];

beforeAll(async () => {
  const handler = createCodecServerHandler({
    codec,
    authToken: TOKEN,
    allowedOrigins: [WEB_UI],
    logger: createLogger({ sink: (l) => logLines.push(l) }),
  });
  server = createServer((req, res) => {
    void handler(req, res).then((handled) => {
      if (!handled) {
        res.statusCode = 404;
        res.end('next handler');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  logLines.length = 0;
});

// node:http rather than fetch, so the test controls Origin exactly as a browser would send it.
function call(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const jsonHeaders = (extra: Record<string, string> = {}) => ({
  'Content-Type': 'application/json',
  'X-Namespace': 'default',
  Authorization: `Bearer ${TOKEN}`,
  ...extra,
});

async function encryptedBody(value: unknown) {
  const encoded = await codec.encode([defaultPayloadConverter.toPayload(value)]);
  return JSON.stringify({
    payloads: encoded.map((p) => ({
      metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
      data: Buffer.from(p.data!).toString('base64'),
    })),
  });
}

describe('codec server', () => {
  it('decodes payloads for a caller with the token, in the protocol shape', async () => {
    const reply = await call('POST', '/codec/decode', jsonHeaders(), await encryptedBody({ keyRef: 'key_01', plan: 'rotate' }));
    expect(reply.status).toBe(200);
    expect(reply.headers['cache-control']).toBe('no-store');
    const { payloads } = JSON.parse(reply.body) as { payloads: Array<{ metadata: Record<string, string>; data: string }> };
    expect(payloads).toHaveLength(1);
    expect(Buffer.from(payloads[0]!.metadata.encoding!, 'base64').toString()).toBe('json/plain');
    expect(JSON.parse(Buffer.from(payloads[0]!.data, 'base64').toString())).toEqual({ keyRef: 'key_01', plan: 'rotate' });
    // The decoded value goes to the caller only, never to the log.
    expect(logLines.join('\n')).not.toContain('key_01');
  });

  it('encodes payloads so the Web UI can start or signal workflows with encrypted input', async () => {
    const plain = defaultPayloadConverter.toPayload('signal input');
    const body = JSON.stringify({
      payloads: [{ metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from(plain.data!).toString('base64') }],
    });
    const reply = await call('POST', '/codec/encode', jsonHeaders(), body);
    expect(reply.status).toBe(200);
    const [p] = (JSON.parse(reply.body) as { payloads: Array<{ metadata: Record<string, string>; data: string }> }).payloads;
    expect(Buffer.from(p!.metadata.encoding!, 'base64').toString()).toBe('binary/encrypted');
    const [decoded] = await codec.decode([{ metadata: { encoding: Buffer.from('binary/encrypted'), 'encryption-key-id': Buffer.from('local-v1') }, data: Buffer.from(p!.data, 'base64') }]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toBe('signal input');
  });

  it.each([
    ['no Authorization header', {}],
    ['a wrong token', { Authorization: 'Bearer not-the-token' }],
    ['the token without the Bearer scheme', { Authorization: TOKEN }],
    ['a token that only shares a prefix', { Authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
  ])('answers 401 to %s and decodes nothing', async (_label, auth) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Namespace': 'default', ...auth };
    const reply = await call('POST', '/codec/decode', headers, await encryptedBody('hidden value'));
    expect(reply.status).toBe(401);
    expect(JSON.parse(reply.body)).toEqual({ error: 'warden_unauthorized', message: expect.stringContaining('Bearer') });
    expect(reply.body).not.toContain('hidden value');
    expect(logLines.join('\n')).not.toContain(TOKEN);
  });

  it('answers the CORS preflight from the Temporal Web UI', async () => {
    const reply = await call('OPTIONS', '/codec/decode', {
      Origin: WEB_UI,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'content-type,authorization,x-namespace',
    });
    expect(reply.status).toBe(204);
    expect(reply.headers['access-control-allow-origin']).toBe(WEB_UI);
    expect(reply.headers['access-control-allow-headers']).toBe('Content-Type, Authorization, X-Namespace');
    expect(reply.headers['access-control-allow-methods']).toContain('POST');
  });

  it('lets the Web UI read answers, including a 401, from its own origin', async () => {
    const ok = await call('POST', '/codec/decode', jsonHeaders({ Origin: WEB_UI }), await encryptedBody(1));
    expect(ok.status).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBe(WEB_UI);
    const denied = await call('POST', '/codec/decode', { Origin: WEB_UI, 'Content-Type': 'application/json' }, '{"payloads":[]}');
    expect(denied.status).toBe(401);
    expect(denied.headers['access-control-allow-origin']).toBe(WEB_UI);
  });

  it('refuses the preflight, and requests, from any other origin', async () => {
    const preflight = await call('OPTIONS', '/codec/decode', { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-headers']).toBeUndefined();

    const post = await call('POST', '/codec/decode', jsonHeaders({ Origin: 'https://evil.example' }), await encryptedBody('x'));
    expect(post.status).toBe(403);
    expect(post.headers['access-control-allow-origin']).toBeUndefined();
  });

  it.each([
    ['malformed JSON', '{"payloads": [', 'not valid JSON'],
    ['no payloads array', '{"items": []}', '"payloads" array'],
    ['a payload that is not an object', '{"payloads": [42]}', 'payloads[0] must be an object'],
    ['data that is not base64', '{"payloads": [{"data": "***"}]}', 'payloads[0].data must be base64'],
  ])('answers 400 with a reason for %s', async (_label, body, reason) => {
    const reply = await call('POST', '/codec/decode', jsonHeaders(), body);
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body)).toEqual({ error: 'warden_invalid_input', message: expect.stringContaining(reason) });
  });

  it('answers 500 without detail when a payload cannot be decrypted, and logs the reason without the payload', async () => {
    const body = JSON.parse(await encryptedBody('tampered secret')) as { payloads: Array<{ metadata: Record<string, string> }> };
    body.payloads[0]!.metadata['encryption-key-id'] = Buffer.from('retired-v0').toString('base64');
    const reply = await call('POST', '/codec/decode', jsonHeaders(), JSON.stringify(body));
    expect(reply.status).toBe(500);
    expect(reply.body).not.toContain('retired-v0');
    const logged = logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged).toContainEqual(expect.objectContaining({ level: 'error', msg: 'codec decode failed', namespace: 'default' }));
    expect(logLines.join('\n')).toContain('retired-v0');
    expect(logLines.join('\n')).not.toContain('tampered secret');
  });

  it('leaves other paths to the next handler and allows only POST on its own', async () => {
    expect((await call('POST', '/slack/events', jsonHeaders(), '{}')).body).toBe('next handler');
    expect((await call('POST', '/codec', jsonHeaders(), '{}')).status).toBe(404);
    const get = await call('GET', '/codec/decode', { Authorization: `Bearer ${TOKEN}` });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST, OPTIONS');
  });

  it('refuses to start without a token', () => {
    expect(() => createCodecServerHandler({ codec, authToken: '', allowedOrigins: [], logger: createLogger({ sink: () => {} }) })).toThrow(
      'needs an auth token',
    );
  });
});
