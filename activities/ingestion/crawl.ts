import { Context } from '@temporalio/activity';
import robotsParser from 'robots-parser';
import type { ActorProof } from '../../lib/contracts';
import { isWardenError } from '../../lib/errors';
import { chunkText } from '../../lib/ingestion/chunk-text';
import { htmlToText } from '../../lib/ingestion/html-text';
import { findRefusedUrlError, refusePersonUrl } from '../../lib/net';
import type { ActivityDeps } from '../deps';
import { requireItemActor } from './authorize-ingestion';
import { rejected, type ItemRejection } from './item-results';

type Deps = Pick<ActivityDeps, 'crawlFetch' | 'knowledge' | 'actorAssertions' | 'audit' | 'allowedPrivateHosts'>;

/** How Warden names itself to robots.txt and in requests. */
export const CRAWLER_AGENT = 'WardenBot';
const USER_AGENT = `${CRAWLER_AGENT}/1.0 (+knowledge ingestion)`;
const MAX_PAGE_BYTES = 5 * 1024 * 1024;
const PAGE_TIMEOUT_MS = 20_000;
const TEXT_TYPES = /^(text\/html|application\/xhtml\+xml|text\/plain|text\/markdown)\b/i;

export interface CrawlStart {
  ok: true;
  origin: string;
  startUrl: string;
  /** robots.txt as served; null when the site has none (everything allowed). */
  robotsTxt: string | null;
  crawlDelayMs: number;
}

export type CrawlPageResult =
  | { status: 'stored'; chars: number; chunks: number; links: string[]; offOrigin: number }
  | { status: 'skipped'; reason: 'robots' | 'content_type' | 'redirect' | 'http_error' | 'refused' | 'empty' | 'too_large'; detail: string };

/** Crawling a site a person named: same origin only, robots.txt obeyed, through the private-address guard. */
export function createCrawlActivities(d: Deps) {
  const get = (url: string) => d.crawlFetch(url, { headers: { 'user-agent': USER_AGENT, accept: 'text/html, text/plain;q=0.9, text/markdown;q=0.9' }, signal: AbortSignal.timeout(PAGE_TIMEOUT_MS) });

  return {
    async startCrawl(input: { proof: ActorProof; actorSlackId: string; itemKey: string; url: string }): Promise<CrawlStart | ItemRejection> {
      await requireItemActor(d, input.proof, input.actorSlackId, input.itemKey);
      let start: URL;
      try {
        start = new URL(input.url);
      } catch {
        return rejected(`${input.url} is not a web address.`, 'Give a full address such as https://docs.example.com/.');
      }
      start.hash = '';
      const onItsFace = refusePersonUrl(start.toString(), d.allowedPrivateHosts);
      if (onItsFace) return rejected(onItsFace.message, 'Give the public https:// address of the site.');
      let robotsTxt: string | null = null;
      try {
        const res = await get(new URL('/robots.txt', start).toString());
        if (res.status >= 500) return rejected(`${start.host} answered HTTP ${res.status} for robots.txt, so Warden cannot tell what it may crawl.`, 'Try again later.');
        robotsTxt = res.status === 200 ? (await res.text()).slice(0, 512 * 1024) : null;
        if (res.status !== 200) await res.body?.cancel();
      } catch (err) {
        const refused = findRefusedUrlError(err);
        // A robots.txt that redirects is read as absent, as crawlers commonly do; a refused host ends the crawl.
        if (refused && !/redirect/.test(refused.message)) return rejected(refused.message, 'Give the public https:// address of the site.');
        if (!refused) return rejected(`${start.host} could not be reached (${describe(err)}).`, 'Check the address, or try again later.');
      }
      const delay = robotsTxt ? robotsParser(new URL('/robots.txt', start).toString(), robotsTxt).getCrawlDelay(CRAWLER_AGENT) : undefined;
      return { ok: true, origin: start.origin, startUrl: start.toString(), robotsTxt, crawlDelayMs: delay ? Math.min(delay, 60) * 1000 : 0 };
    },

    async crawlPage(input: {
      proof: ActorProof;
      actorSlackId: string;
      orgId: string;
      ingestionId: string;
      itemKey: string;
      page: number;
      url: string;
      origin: string;
      robotsTxt: string | null;
    }): Promise<CrawlPageResult> {
      await requireItemActor(d, input.proof, input.actorSlackId, input.itemKey);
      const url = new URL(input.url);
      if (input.robotsTxt !== null && robotsParser(`${input.origin}/robots.txt`, input.robotsTxt).isAllowed(url.toString(), CRAWLER_AGENT) === false) {
        return { status: 'skipped', reason: 'robots', detail: `robots.txt disallows ${url.pathname}` };
      }
      let res: Response;
      try {
        res = await get(url.toString());
      } catch (err) {
        const refused = findRefusedUrlError(err);
        if (refused) return { status: 'skipped', reason: /redirect/.test(refused.message) ? 'redirect' : 'refused', detail: refused.message };
        throw err; // a network blip: Temporal retries the page
      }
      const type = res.headers.get('content-type') ?? '';
      if (res.status !== 200) {
        await res.body?.cancel();
        return { status: 'skipped', reason: 'http_error', detail: `HTTP ${res.status} for ${url.pathname}` };
      }
      if (!TEXT_TYPES.test(type)) {
        await res.body?.cancel();
        return { status: 'skipped', reason: 'content_type', detail: `${url.pathname} is ${type.split(';')[0] || 'of no stated type'}` };
      }
      const body = await readCapped(res);
      if (body === null) return { status: 'skipped', reason: 'too_large', detail: `${url.pathname} is over ${MAX_PAGE_BYTES / (1024 * 1024)} MB` };
      const html = /html/i.test(type);
      const page = html ? htmlToText(body, url) : { title: '', text: body, links: [] };
      const sameOrigin = page.links.filter((l) => l.origin === input.origin);
      const links = [...new Set(sameOrigin.map((l) => l.toString()))];
      const text = page.title && !page.text.startsWith(page.title) ? `${page.title}\n\n${page.text}` : page.text;
      if (!text.trim()) return { status: 'skipped', reason: 'empty', detail: `${url.pathname} has no text` };
      const stored = await d.knowledge.replaceItemChunks(
        {
          orgId: input.orgId,
          ingestionId: input.ingestionId,
          itemKey: `${input.itemKey}#${input.page}`,
          sourceKind: 'web_page',
          source: url.toString(),
          sourceRef: url.toString(),
          uploadedBySlackId: input.actorSlackId,
          requestedBySlackId: input.actorSlackId,
        },
        'text',
        null,
        chunkText(text).map((t) => ({ text: t, page: null })),
      );
      Context.current().heartbeat();
      return { status: 'stored', chars: stored.chars, chunks: stored.stored, links, offOrigin: page.links.length - sameOrigin.length };
    },
  };
}

async function readCapped(res: Response): Promise<string | null> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of res.body ?? []) {
    total += (chunk as Uint8Array).length;
    if (total > MAX_PAGE_BYTES) return null;
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks).toString('utf8');
}

function describe(err: unknown): string {
  if (isWardenError(err)) return err.message;
  const cause = (err as { cause?: { code?: string } }).cause?.code;
  return cause ?? (err instanceof Error ? err.message : String(err));
}
