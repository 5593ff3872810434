import type { IngestMethod, KeyPayer, QuotaFeature } from '../../lib/contracts';

/** An expected problem with one item: the rest of the ingestion goes on, and the summary says why and what to do. */
export interface ItemRejection {
  ok: false;
  reason: string;
  remedy: string;
}

export interface ExtractedItem {
  ok: true;
  kind: 'text' | 'image' | 'pdf' | 'audio' | 'video';
  mime: string;
  name: string;
  uploadedBy: string;
  pages: number;
  chars: number;
  chunks: number;
  methods: IngestMethod[];
  durationSeconds?: number;
  notes: string[];
}

export type ExtractResult = ExtractedItem | ItemRejection;

/** What a Gemini step did: stored text paid by a key, fell back because the hosted quota is spent, or could not. */
export type GeminiStepResult =
  | { status: 'done'; payer: KeyPayer; feature: QuotaFeature; units: number; chars: number; chunks: number }
  | { status: 'quota_exhausted'; feature: QuotaFeature; limit: number; used: number }
  | { status: 'unavailable'; reason: string; remedy: string };

export const rejected = (reason: string, remedy: string): ItemRejection => ({ ok: false, reason, remedy });
