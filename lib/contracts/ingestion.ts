// Plain data shared by the bot, the ingestion workflows and their activities. No imports beyond contracts:
// workflow code bundles this.
import type { Signed } from './actor-assertion';

/** Hosted Gemini features that count against monthly plan quotas. */
export const QUOTA_FEATURES = ['image_recognition', 'media_transcription'] as const;
export type QuotaFeature = (typeof QUOTA_FEATURES)[number];

export const QUOTA_FEATURE_LABELS: Record<QuotaFeature, string> = {
  image_recognition: 'Image recognition',
  media_transcription: 'Media transcription',
};

/** What one unit of each feature is: one image described, one started minute of media transcribed. */
export const QUOTA_UNITS: Record<QuotaFeature, string> = { image_recognition: 'images', media_transcription: 'minutes' };

/** How a chunk's text was obtained (stored with the chunk). */
export type IngestMethod = 'text' | 'ocr' | 'pdf_text' | 'vision' | 'transcription';

export const METHOD_LABELS: Record<IngestMethod, string> = {
  text: 'text',
  ocr: 'OCR',
  pdf_text: 'PDF text',
  vision: 'Gemini vision',
  transcription: 'Gemini transcription',
};

/** Whose Gemini key paid: the org's own active key (never metered) or Warden's hosted key (metered). */
export type KeyPayer = 'org' | 'hosted';

export interface IngestOptions {
  /** Describe images with Gemini as well as OCR. */
  vision: boolean;
  /** Links followed from the start page: 0 = that page only. */
  crawlDepth: number;
  /** Pages fetched at most for the crawl. */
  pageLimit: number;
}

export type IngestItemSpec =
  /** A Slack file; its metadata is read again with files.info before anything is fetched. */
  | { kind: 'slack_file'; fileId: string; name: string }
  | { kind: 'crawl'; url: string };

export interface IngestionSettings {
  maxFileBytes: number;
  maxMediaSeconds: number;
  maxPdfPages: number;
  /** Items that run at once (child workflows). */
  parallelItems: number;
  crawl: { maxDepth: number; maxPages: number; delayMs: number };
  /** How long a Gemini media call may take, upload and processing included. */
  mediaCallTimeoutMs: number;
  temporalUiUrl: string;
  namespace: string;
}

export interface IngestKnowledgeInput {
  /** The workflow id, derived from the Slack request. */
  requestId: string;
  /** The Slack workspace (or Enterprise Grid org) the hosted quotas belong to. */
  orgId: string;
  actorSlackId: string;
  /** Where the person asked; the progress thread opens there (or in their DMs if Warden cannot post there). */
  channelId: string;
  source: 'modal' | 'shortcut';
  items: IngestItemSpec[];
  options: IngestOptions;
  settings: IngestionSettings;
}

/** One item's child workflow input; `assertion` is Warden's own, minted by the parent for this child. */
export type IngestItemInput = Signed<{
  ingestionId: string;
  itemKey: string;
  index: number;
  orgId: string;
  actorSlackId: string;
  item: IngestItemSpec;
  options: IngestOptions;
  settings: IngestionSettings;
}>;

export interface ItemCost {
  feature: QuotaFeature;
  units: number;
  payer: KeyPayer;
}

export type ItemStatus = 'done' | 'partial' | 'failed' | 'not_started';

/** What the summary says about one item. */
export interface ItemOutcome {
  index: number;
  label: string;
  status: ItemStatus;
  methods: IngestMethod[];
  pages: number;
  chars: number;
  chunks: number;
  costs: ItemCost[];
  /** Things the person should know even when the item succeeded (an OCR-only fallback, skipped pages). */
  notes: string[];
  failure?: { reason: string; remedy: string };
}

export interface IngestionProgressView {
  actorSlackId: string;
  total: number;
  done: number;
  running: number;
  pages: number;
  chars: number;
  outcomes: ItemOutcome[];
  /** Set when break-glass stopped new items. */
  stoppedBy?: { scope: string; reason: string };
  finished: boolean;
  runUrl: string;
}

export interface IngestKnowledgeResult {
  outcomes: ItemOutcome[];
  stoppedBy?: { scope: string; reason: string };
}

export interface SetHostedQuotaInput {
  requestId: string;
  orgId: string;
  actorSlackId: string;
  feature: QuotaFeature;
  monthlyLimit: number;
}

export const INGEST_SHORTCUT_CALLBACK_ID = 'warden_ingest_files';
export const INGEST_MODAL_CALLBACK_ID = 'warden_ingest_submit';

/** The month a hosted call counts in: UTC calendar month. */
export function quotaPeriod(at: Date): string {
  return at.toISOString().slice(0, 7);
}
