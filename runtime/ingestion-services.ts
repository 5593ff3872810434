import type { IngestionSettings } from '../lib/contracts';
import type { WardenConfig } from '../lib/config';
import { createHostedQuotaRepository, createKnowledgeChunkRepository, type Db } from '../lib/db';
import { createOcrPool } from '../lib/ingestion/ocr-pool';
import { createPdfReader } from '../lib/ingestion/pdf-reader';
import type { GuardedFetch } from '../lib/net';
import { createGeminiMedia } from '../lib/providers/gemini-media';
import { createSlackFiles } from '../lib/slack/slack-files';
import { createSlackWebClient } from '../lib/slack/slack-poster';

/**
 * Knowledge ingestion's share of the services: its repositories, the OCR worker pool (sized to the cores, created
 * once per process and reused for every item; started on first use, stopped with the runtime), the PDF reader,
 * the Gemini media client, Slack file access and the guarded fetch the crawler uses.
 */
export function buildIngestionServices(config: WardenConfig, prisma: Db, personUrlFetch: GuardedFetch) {
  const c = config.ingestion;
  const ocr = createOcrPool({ size: c.ocrWorkers });
  const pdfs = createPdfReader({ ocr });
  const ingestSettings: IngestionSettings = {
    maxFileBytes: c.maxFileBytes,
    maxMediaSeconds: c.maxMediaSeconds,
    maxPdfPages: c.maxPdfPages,
    parallelItems: c.parallelItems,
    crawl: c.crawl,
    mediaCallTimeoutMs: c.gemini.timeoutMs,
    temporalUiUrl: config.temporal.uiUrl,
    namespace: config.temporal.namespace,
  };
  return {
    knowledge: createKnowledgeChunkRepository(prisma),
    hostedQuotas: createHostedQuotaRepository(prisma),
    ocr,
    pdfs,
    geminiMedia: createGeminiMedia({ endpoint: config.providers.endpoints.gemini, model: c.gemini.model, inlineMaxBytes: c.gemini.inlineMaxBytes, pollEveryMs: c.gemini.pollEveryMs }),
    slackFiles: config.slack
      ? createSlackFiles({ client: createSlackWebClient(config.slack.botToken, config.slack.apiUrl), token: config.slack.botToken, apiUrl: config.slack.apiUrl })
      : null,
    crawlFetch: personUrlFetch,
    ingestion: { reservationTtlMs: c.reservationTtlMs, geminiHost: new URL(config.providers.endpoints.gemini).host },
    ingestSettings,
    ingestShortcutChannels: c.shortcutChannels,
    async stopIngestion(): Promise<void> {
      pdfs.stop();
      await ocr.stop();
    },
  };
}
