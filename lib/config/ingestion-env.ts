import { z } from 'zod';
import { duration } from './env-types';

// Knowledge ingestion variables, kept apart from env-schema.ts so that file only spreads them in.

const whole = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);

const channelIds = z
  .string()
  .default('')
  .transform((value, ctx) =>
    value
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean)
      .map((c) => {
        if (!/^[CG][A-Z0-9]+$/.test(c)) ctx.addIssue({ code: 'custom', message: `"${c}" is not a Slack channel id (e.g. C012ABCDEF)` });
        return c;
      }),
  );

export const ingestionEnvSchema = {
  /** Channels whose shared files may be ingested with the message shortcut. */
  WARDEN_INGEST_CHANNELS: channelIds,
  WARDEN_INGEST_MAX_FILE_MB: whole(100, 1, 2000),
  WARDEN_INGEST_MAX_MEDIA_MINUTES: whole(60, 1, 600),
  WARDEN_INGEST_MAX_PDF_PAGES: whole(300, 1, 5000),
  WARDEN_INGEST_PARALLEL_ITEMS: whole(4, 1, 32),
  /** Tesseract worker threads; 0 means one per core. */
  WARDEN_OCR_WORKERS: whole(0, 0, 64),
  WARDEN_CRAWL_MAX_DEPTH: whole(3, 0, 10),
  WARDEN_CRAWL_MAX_PAGES: whole(100, 1, 5000),
  WARDEN_CRAWL_DELAY: duration('1s'),
  WARDEN_GEMINI_MEDIA_MODEL: z.string().trim().min(1).default('gemini-3.1-flash-lite'),
  /** Media above this goes through the Gemini Files API instead of inline in the request. */
  WARDEN_GEMINI_INLINE_MAX_MB: whole(20, 1, 100),
  WARDEN_GEMINI_FILE_POLL_EVERY: duration('5s'),
  WARDEN_GEMINI_MEDIA_TIMEOUT: duration('15m'),
  /** Hosted-quota reservations older than this are taken to be left by a crashed worker and freed. */
  WARDEN_QUOTA_RESERVATION_TTL: duration('1h'),
};

type IngestionEnv = z.output<z.ZodObject<typeof ingestionEnvSchema>>;

export interface IngestionConfig {
  shortcutChannels: string[];
  maxFileBytes: number;
  maxMediaSeconds: number;
  maxPdfPages: number;
  parallelItems: number;
  ocrWorkers?: number;
  crawl: { maxDepth: number; maxPages: number; delayMs: number };
  gemini: { model: string; inlineMaxBytes: number; pollEveryMs: number; timeoutMs: number };
  reservationTtlMs: number;
}

export function ingestionConfig(e: IngestionEnv): IngestionConfig {
  const mb = 1024 * 1024;
  return {
    shortcutChannels: e.WARDEN_INGEST_CHANNELS,
    maxFileBytes: e.WARDEN_INGEST_MAX_FILE_MB * mb,
    maxMediaSeconds: e.WARDEN_INGEST_MAX_MEDIA_MINUTES * 60,
    maxPdfPages: e.WARDEN_INGEST_MAX_PDF_PAGES,
    parallelItems: e.WARDEN_INGEST_PARALLEL_ITEMS,
    ...(e.WARDEN_OCR_WORKERS > 0 ? { ocrWorkers: e.WARDEN_OCR_WORKERS } : {}),
    crawl: { maxDepth: e.WARDEN_CRAWL_MAX_DEPTH, maxPages: e.WARDEN_CRAWL_MAX_PAGES, delayMs: e.WARDEN_CRAWL_DELAY },
    gemini: {
      model: e.WARDEN_GEMINI_MEDIA_MODEL,
      inlineMaxBytes: e.WARDEN_GEMINI_INLINE_MAX_MB * mb,
      pollEveryMs: e.WARDEN_GEMINI_FILE_POLL_EVERY,
      timeoutMs: e.WARDEN_GEMINI_MEDIA_TIMEOUT,
    },
    reservationTtlMs: e.WARDEN_QUOTA_RESERVATION_TTL,
  };
}
