import { sleep } from '@temporalio/workflow';
import type { CrawlPageResult } from '../../activities/ingestion';
import type { IngestItemInput, ItemOutcome } from '../../lib/contracts';
import { startProof } from '../actor-proof';
import { ingestionWork } from '../activity-options';

const SKIP_TEXT: Record<Extract<CrawlPageResult, { status: 'skipped' }>['reason'], string> = {
  robots: 'disallowed by robots.txt',
  content_type: 'not HTML or text',
  redirect: 'redirects (not followed)',
  http_error: 'HTTP errors',
  refused: 'refused addresses',
  empty: 'without text',
  too_large: 'too large',
};

/**
 * A website crawl: breadth first from the start page, same origin only, at most `crawlDepth` links deep and
 * `pageLimit` pages, robots.txt obeyed, one page at a time at a polite pace (a durable timer between pages).
 */
export async function crawlSite(input: IngestItemInput): Promise<ItemOutcome> {
  if (input.item.kind !== 'crawl') throw new Error('crawlSite takes a crawl item');
  const proof = startProof(input);
  const who = { proof, actorSlackId: input.actorSlackId, itemKey: input.itemKey };
  const outcome: ItemOutcome = { index: input.index, label: input.item.url, status: 'done', methods: [], pages: 0, chars: 0, chunks: 0, costs: [], notes: [] };
  const start = await ingestionWork.startCrawl({ ...who, url: input.item.url });
  if (!start.ok) return { ...outcome, status: 'failed', failure: { reason: start.reason, remedy: start.remedy } };

  const depthLimit = Math.min(input.options.crawlDepth, input.settings.crawl.maxDepth);
  const pageLimit = Math.min(input.options.pageLimit, input.settings.crawl.maxPages);
  const delayMs = Math.max(input.settings.crawl.delayMs, start.crawlDelayMs);
  const queue: Array<{ url: string; depth: number }> = [{ url: start.startUrl, depth: 0 }];
  const seen = new Set([start.startUrl]);
  const skipped = new Map<string, number>();
  let fetched = 0;
  let offOrigin = 0;
  let unvisited = 0;

  for (let next = queue.shift(); next && fetched < pageLimit; next = queue.shift()) {
    if (fetched > 0) await sleep(delayMs);
    fetched += 1;
    const page = await ingestionWork.crawlPage({
      ...who,
      orgId: input.orgId,
      ingestionId: input.ingestionId,
      page: fetched,
      url: next.url,
      origin: start.origin,
      robotsTxt: start.robotsTxt,
    });
    if (page.status === 'skipped') {
      skipped.set(page.reason, (skipped.get(page.reason) ?? 0) + 1);
      continue;
    }
    outcome.pages += 1;
    outcome.chars += page.chars;
    outcome.chunks += page.chunks;
    offOrigin += page.offOrigin;
    for (const link of page.links) {
      if (seen.has(link)) continue;
      seen.add(link);
      if (next.depth + 1 <= depthLimit) queue.push({ url: link, depth: next.depth + 1 });
      else unvisited += 1;
    }
  }

  if (outcome.pages > 0) outcome.methods.push('text');
  const notes = [`${outcome.pages} page${outcome.pages === 1 ? '' : 's'} stored of ${fetched} fetched (depth ≤ ${depthLimit}, at most ${pageLimit} pages).`];
  if (skipped.size) notes.push(`Skipped: ${[...skipped].map(([reason, n]) => `${n} ${SKIP_TEXT[reason as keyof typeof SKIP_TEXT]}`).join(', ')}.`);
  if (offOrigin) notes.push(`${offOrigin} links to other sites not followed (same origin only).`);
  if (queue.length || unvisited) notes.push(`${queue.length + unvisited} more pages left unvisited by the depth and page limits.`);
  outcome.notes.push(...notes);
  if (outcome.pages === 0) {
    return { ...outcome, status: 'failed', failure: { reason: `No page of ${start.origin} could be ingested.`, remedy: 'Check the address and the site\'s robots.txt, which may disallow Warden.' } };
  }
  return outcome;
}
