import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import tls from 'node:tls';
import { createGuardedFetch, parseAllowedHosts, RefusedUrlError, type GuardedFetch, type Resolver } from '../../../../lib/net';
import { checkedAddresses } from '../../../../lib/net/guarded-connector';
import { selfSignedLocalhostCert } from '../../../helpers/self-signed-cert';

/** A local server that records every TCP connection and request it gets. */
interface RecordingServer {
  port: number;
  connections: number;
  requests: Array<{ url: string; host: string }>;
  close(): Promise<void>;
}

async function listen(server: Server, handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<RecordingServer> {
  const recorded: RecordingServer = { port: 0, connections: 0, requests: [], close: async () => undefined };
  server.on('connection', () => (recorded.connections += 1));
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    recorded.requests.push({ url: req.url ?? '', host: req.headers.host ?? '' });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  recorded.port = (server.address() as AddressInfo).port;
  recorded.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return recorded;
}

const models = (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ object: 'list', data: [{ id: 'llama-3.1-8b-instant', object: 'model' }] }));
};

const tlsCert = selfSignedLocalhostCert(['gateway.internal', 'api.llm-provider.test']);
let plain: RecordingServer;
let secure: RecordingServer;
let redirecting: RecordingServer;
const fetches: GuardedFetch[] = [];
let resolverCalls: string[] = [];

/** A resolver that answers from a table, standing in for DNS; it records what it was asked. */
const tableResolver =
  (table: Record<string, string[]>): Resolver =>
  async (hostname) => {
    resolverCalls.push(hostname);
    return (table[hostname] ?? []).map((address) => ({ address, family: net.isIPv6(address) ? 6 : 4 }));
  };

function guarded(allow: string, resolve?: Resolver): GuardedFetch {
  const f = createGuardedFetch({ allowedHosts: parseAllowedHosts(allow).hosts, resolve, tls: { ca: tlsCert.cert } });
  fetches.push(f);
  return f;
}

async function refusal(p: Promise<unknown>): Promise<RefusedUrlError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RefusedUrlError);
  return err as RefusedUrlError;
}

beforeAll(async () => {
  plain = await listen(createServer(), models);
  secure = await listen(createTlsServer({ cert: tlsCert.cert, key: tlsCert.key }), models);
  redirecting = await listen(createServer(), (req, res) => {
    const to = req.url === '/metadata' ? 'http://169.254.169.254/latest/meta-data/' : `http://127.0.0.1:${plain.port}/v1/models`;
    res.writeHead(req.url === '/metadata' ? 307 : 302, { location: to });
    res.end();
  });
});

beforeEach(() => {
  resolverCalls = [];
  jest.restoreAllMocks();
});

afterAll(async () => {
  await Promise.all(fetches.map((f) => f.close()));
  await Promise.all([plain, secure, redirecting].map((s) => s?.close()));
});

test('http://127.0.0.1 is refused at connect time without the allowlist, and served with it', async () => {
  const before = plain.connections;
  const err = await refusal(guarded('')(`http://127.0.0.1:${plain.port}/v1/models`));
  expect(err.code).toBe('warden_url_refused');
  expect(err.message).toBe(
    `Warden does not call 127.0.0.1:${plain.port}: it is a loopback address (this machine). ` +
      "Give the provider's public https URL, or an operator can allow a self-hosted gateway's host in WARDEN_ALLOWED_PRIVATE_HOSTS.",
  );
  expect(plain.connections).toBe(before);

  const connect = jest.spyOn(net, 'connect');
  const response = await guarded(`127.0.0.1:${plain.port}`)(`http://127.0.0.1:${plain.port}/v1/models`);
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ data: [{ id: 'llama-3.1-8b-instant' }] });
  expect(plain.connections).toBe(before + 1);
  expect(connect).toHaveBeenCalledTimes(1); // the spy the other tests rely on sees real connects
});

test('the allowlist is per port: the same host on another port is still refused', async () => {
  await refusal(guarded('127.0.0.1:1')(`http://127.0.0.1:${plain.port}/v1/models`));
});

test('https://localhost is refused at connect time without the allowlist, and served over verified TLS with it', async () => {
  const before = secure.connections;
  const err = await refusal(guarded('')(`https://localhost:${secure.port}/v1/models`));
  expect(err.message).toContain(`Warden does not call localhost:${secure.port}: it is a loopback address`);
  expect(secure.connections).toBe(before);

  const response = await guarded('localhost')(`https://localhost:${secure.port}/v1/models`);
  expect(response.status).toBe(200);
  expect(secure.requests.at(-1)?.host).toBe(`localhost:${secure.port}`);
});

test('a public-looking name that resolves to loopback is refused, and nothing connects', async () => {
  const connect = jest.spyOn(tls, 'connect');
  const before = secure.connections;
  const resolve = tableResolver({ 'api.llm-provider.test': ['127.0.0.1'] });
  const err = await refusal(guarded('', resolve)(`https://api.llm-provider.test:${secure.port}/v1/models`));
  expect(err.message).toContain(`Warden does not call api.llm-provider.test:${secure.port}: it resolves to a loopback address (this machine).`);
  expect(resolverCalls).toEqual(['api.llm-provider.test']);
  expect(connect).not.toHaveBeenCalled();
  expect(secure.connections).toBe(before);
});

test('an allowlisted name connects to the address that was checked, and TLS verifies the name', async () => {
  const connect = jest.spyOn(tls, 'connect');
  const resolve = tableResolver({ 'gateway.internal': ['127.0.0.1'] });
  const response = await guarded('gateway.internal', resolve)(`https://gateway.internal:${secure.port}/v1/models`);
  expect(response.status).toBe(200);
  expect(resolverCalls).toEqual(['gateway.internal']); // one lookup: checked and connected in one step
  expect(connect).toHaveBeenCalledWith(expect.objectContaining({ host: '127.0.0.1', servername: 'gateway.internal' }));
  expect(secure.requests.at(-1)?.host).toBe(`gateway.internal:${secure.port}`);
});

test('every resolved address must pass: one private answer among public ones refuses the host', async () => {
  const check = (answers: string[], allow = '') =>
    checkedAddresses(
      { protocol: 'https:', hostname: 'api.llm-provider.test', host: 'api.llm-provider.test', port: '' },
      { allowedHosts: parseAllowedHosts(allow).hosts, resolve: tableResolver({ 'api.llm-provider.test': answers }) },
    );
  // checkedAddresses only resolves and checks; it never opens a socket, so public answers stay untouched.
  await expect(check(['104.18.6.192', '2606:4700::6812:6c0'])).resolves.toEqual(['104.18.6.192', '2606:4700::6812:6c0']);
  expect((await refusal(check(['104.18.6.192', '10.1.2.3']))).message).toContain('it resolves to a private-network address');
  expect((await refusal(check(['104.18.6.192', '::ffff:127.0.0.1']))).message).toContain('it resolves to a loopback address');
  await expect(check(['10.1.2.3'], 'api.llm-provider.test')).resolves.toEqual(['10.1.2.3']);
  // An allowlisted name that resolves to the metadata service is still refused.
  expect((await refusal(check(['169.254.169.254'], 'api.llm-provider.test'))).message).toContain('cloud metadata service address');
  await expect(check([])).rejects.toMatchObject({ code: 'ENOTFOUND' });
});

test('literal loopback hosts in every spelling are refused before any socket opens', async () => {
  const connect = jest.spyOn(net, 'connect');
  const f = guarded('');
  for (const url of [
    `http://0x7f.1:${plain.port}/`,
    `http://2130706433:${plain.port}/`,
    `http://0177.0.0.1:${plain.port}/`,
    `https://127.0.0.1.:${plain.port}/`,
    `https://[::ffff:127.0.0.1]:${plain.port}/`,
    `https://[::1]:${plain.port}/`,
    `https://localhost.:${plain.port}/`,
    `https://app.localhost:${plain.port}/`,
    `https://0.0.0.0:${plain.port}/`,
  ]) {
    await refusal(f(url));
  }
  expect(connect).not.toHaveBeenCalled();
  expect(resolverCalls).toEqual([]);
});

test('169.254.169.254 is refused without any network call, even when allowlisted', async () => {
  const netConnect = jest.spyOn(net, 'connect');
  const tlsConnect = jest.spyOn(tls, 'connect');
  const resolve = tableResolver({});
  for (const url of ['http://169.254.169.254/latest/meta-data/iam/security-credentials/', 'http://[fd00:ec2::254]/latest/api/token', 'http://metadata.google.internal/computeMetadata/v1/']) {
    const err = await refusal(guarded('169.254.169.254,[fd00:ec2::254],metadata.google.internal', resolve)(url));
    expect(err.message).toMatch(/: it is a cloud metadata service address\.$/);
  }
  expect(netConnect).not.toHaveBeenCalled();
  expect(tlsConnect).not.toHaveBeenCalled();
  expect(resolverCalls).toEqual([]);
});

test('plain http to a host that is not allowlisted is refused before resolving', async () => {
  const resolve = tableResolver({ 'api.llm-provider.test': ['104.18.6.192'] });
  const err = await refusal(guarded('', resolve)('http://api.llm-provider.test/v1/models'));
  expect(err.message).toBe('Warden does not call api.llm-provider.test over plain http: give an https:// URL (http is allowed only for hosts in WARDEN_ALLOWED_PRIVATE_HOSTS).');
  expect(resolverCalls).toEqual([]);
});

test('a redirect is refused, even from an allowlisted host to another allowed address', async () => {
  const f = guarded('127.0.0.1');
  const before = plain.requests.length;
  const err = await refusal(f(`http://127.0.0.1:${redirecting.port}/v1/models`));
  expect(err.message).toBe(
    `127.0.0.1:${redirecting.port} answered with a redirect (HTTP 302), and Warden does not follow redirects from a given URL: give the final URL instead.`,
  );
  expect(plain.requests.length).toBe(before); // the redirect target was never asked

  const netConnect = jest.spyOn(net, 'connect');
  expect((await refusal(guarded('127.0.0.1')(`http://127.0.0.1:${redirecting.port}/metadata`))).message).toContain('(HTTP 307)');
  expect(netConnect).toHaveBeenCalledTimes(1); // the redirecting host only, never 169.254.169.254
  expect(netConnect).toHaveBeenCalledWith(expect.objectContaining({ host: '127.0.0.1', port: String(redirecting.port) }));
});

test('a refusal never echoes the path or query, where a pasted key could sit', async () => {
  const secret = 'sk-proj-Abcdefghijklmnopqrstuvwxyz0123456789';
  const err = await refusal(guarded('')(`https://127.0.0.1:${secure.port}/v1/${secret}?key=${secret}`));
  expect(err.message).not.toContain(secret);
  expect(JSON.stringify(err.details)).not.toContain(secret);
});
