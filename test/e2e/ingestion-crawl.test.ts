// Website crawls against a local test site: same origin, depth and page limits, robots.txt, content types and a
// polite pace; the private-address guard lets the crawler reach 127.0.0.1 only through WARDEN_ALLOWED_PRIVATE_HOSTS.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ingestKnowledge } from '../../workflows';
import { ingestionDriver } from '../helpers/ingestion-driver';
import { ADMIN, startTestStack, type TestStack } from '../helpers/warden-stack';

interface Site {
  origin: string;
  requests: Array<{ path: string; at: number; agent: string }>;
  close(): Promise<void>;
}

const page = (title: string, body: string, links: string[]) =>
  `<!DOCTYPE html><html><head><title>${title}</title><style>p{color:red}</style><script>var x = "not text";</script></head><body><p>${body}</p>${links.map((l) => `<a href="${l}">${l}</a>`).join(' ')}</body></html>`;

const PAGES: Record<string, string> = {
  '/': page('Handbook', 'Welcome to the employee handbook.', ['/a', '/b#top', '/private/secret', 'https://other.example.com/x', '/report.pdf', 'mailto:hr@example.com']),
  '/a': page('Holidays', 'Everyone gets 25 days of holiday.', ['/a/deep', '/']),
  '/b': page('Expenses', 'Expenses are paid monthly.', ['/c']),
  '/c': page('Travel', 'Book travel through the portal.', []),
  '/a/deep': page('Carry over', 'Up to five days carry over.', ['/a/deeper']),
  '/a/deeper': page('Too deep', 'This page is three links away.', []),
  '/private/secret': page('Secret', 'Robots must not read this.', []),
};

async function startSite(): Promise<Site> {
  const requests: Site['requests'] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://site').pathname;
    requests.push({ path, at: Date.now(), agent: String(req.headers['user-agent'] ?? '') });
    if (path === '/robots.txt') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /private\n');
    if (path === '/report.pdf') return void res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.7');
    const html = PAGES[path];
    if (!html) return void res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let site: Site;
let unlisted: Site;
let stack: TestStack;
let ingest: ReturnType<typeof ingestionDriver>;

beforeAll(async () => {
  [site, unlisted] = await Promise.all([startSite(), startSite()]);
  stack = await startTestStack({
    // Only the test site's own host and port are allowed; the guard refuses every other private address.
    env: { WARDEN_ALLOWED_PRIVATE_HOSTS: new URL(site.origin).host, WARDEN_CRAWL_DELAY: '150ms' },
  });
  ingest = ingestionDriver(stack);
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await Promise.all([site?.close(), unlisted?.close()]);
});

test('a crawl stays on the origin, within depth, obeys robots.txt, skips other content types and keeps a polite pace', async () => {
  const run = await ingest.submit(ADMIN.id, { url: `${site.origin}/`, depth: 2, pages: 10 });
  const [outcome] = (await ingest.result(run.workflowId)).outcomes;
  expect(outcome).toMatchObject({ status: 'done', methods: ['text'], pages: 5 });
  expect(outcome!.notes.join(' ')).toMatch(/5 pages stored of 7 fetched \(depth ≤ 2, at most 10 pages\)/);
  expect(outcome!.notes.join(' ')).toContain('1 disallowed by robots.txt, 1 not HTML or text');
  expect(outcome!.notes.join(' ')).toContain('1 links to other sites not followed');

  const fetched = site.requests.map((r) => r.path);
  expect(fetched[0]).toBe('/robots.txt');
  expect(new Set(fetched)).toEqual(new Set(['/robots.txt', '/', '/a', '/b', '/report.pdf', '/a/deep', '/c']));
  expect(fetched).not.toContain('/private/secret');
  expect(fetched).not.toContain('/a/deeper');
  expect(site.requests.every((r) => r.agent.startsWith('WardenBot/'))).toBe(true);
  const pages = site.requests.filter((r) => r.path !== '/robots.txt');
  for (let i = 1; i < pages.length; i++) expect(pages[i]!.at - pages[i - 1]!.at).toBeGreaterThanOrEqual(140);

  const chunks = await stack.warden.services.knowledge.listForIngestion(run.workflowId);
  const bySource = Object.fromEntries(chunks.map((c) => [new URL(c.source).pathname, c.text]));
  expect(bySource['/a']).toBe('Holidays\n\nEveryone gets 25 days of holiday.\n\n/a/deep /');
  expect(Object.values(bySource).join(' ')).not.toContain('not text');
  expect(chunks.every((c) => c.sourceKind === 'web_page' && c.uploadedBySlackId === ADMIN.id)).toBe(true);
}, 90_000);

test('the page limit bounds the crawl', async () => {
  site.requests.length = 0;
  const run = await ingest.submit(ADMIN.id, { url: `${site.origin}/`, depth: 3, pages: 2 });
  const [outcome] = (await ingest.result(run.workflowId)).outcomes;
  expect(outcome!.pages).toBe(2);
  expect(site.requests.filter((r) => r.path !== '/robots.txt')).toHaveLength(2);
  expect(outcome!.notes.join(' ')).toMatch(/more pages left unvisited/);
}, 60_000);

test('without an allowlist entry a private address is refused: nothing is fetched, the person is told why', async () => {
  const host = new URL(unlisted.origin).host;
  // The form refuses it inline, before anything starts…
  const inline = await ingest.submit(ADMIN.id, { url: `${unlisted.origin}/` });
  expect(inline.json.errors.ingest_url).toContain('loopback');
  // …and the crawl's own activity refuses it too, for a workflow started past the form.
  const workflowId = `ingest:test:${Date.now()}`;
  await stack.warden.workflows.startOnce<typeof ingestKnowledge>('ingestKnowledge', {
    workflowId,
    actor: ADMIN.id,
    input: {
      requestId: workflowId,
      orgId: 'T0WARDEN01',
      actorSlackId: ADMIN.id,
      channelId: 'C0OPSROOM01',
      source: 'modal',
      items: [{ kind: 'crawl', url: `${unlisted.origin}/` }],
      options: { vision: false, crawlDepth: 1, pageLimit: 5 },
      settings: stack.warden.services.ingestSettings,
    },
  });
  const [outcome] = (await ingest.result(workflowId)).outcomes;
  expect(outcome!.status).toBe('failed');
  expect(outcome!.failure!.reason).toContain(`Warden does not call ${host}`);
  expect(outcome!.failure!.reason).toContain('WARDEN_ALLOWED_PRIVATE_HOSTS');
  expect(unlisted.requests).toEqual([]);
  expect(await ingest.summaryText(workflowId)).toContain(`Warden does not call ${host}`);
}, 60_000);
