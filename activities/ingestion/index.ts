import { withActivityFailures } from '../activity-failure';
import type { ActivityDeps } from '../deps';
import { createAuthorizeIngestion } from './authorize-ingestion';
import { createCrawlActivities } from './crawl';
import { createExtractItem } from './extract-item';
import { createGeminiSteps } from './gemini-steps';
import { createIngestionRecords } from './record-ingestion';
import { createIngestionThreadActivities } from './thread-messages';

export type { ExtractResult, GeminiStepResult } from './item-results';
export type { CrawlPageResult, CrawlStart } from './crawl';

export function createIngestionActivities(deps: ActivityDeps) {
  return withActivityFailures({
    authorizeIngestion: createAuthorizeIngestion(deps),
    extractItem: createExtractItem(deps),
    ...createGeminiSteps(deps),
    ...createCrawlActivities(deps),
    ...createIngestionThreadActivities(deps),
    ...createIngestionRecords(deps),
  });
}

export type IngestionActivities = ReturnType<typeof createIngestionActivities>;
