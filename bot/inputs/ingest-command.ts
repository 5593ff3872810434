import type { QuotaFeature } from '../../lib/contracts';
import type { ParseResult } from './parse-result';

export type IngestCommand =
  | { kind: 'ingest.modal' }
  | { kind: 'usage.show' }
  | { kind: 'usage.limit'; feature: QuotaFeature; monthlyLimit: number };

const FEATURE_NAMES: Record<string, QuotaFeature> = {
  'image-recognition': 'image_recognition',
  image_recognition: 'image_recognition',
  images: 'image_recognition',
  vision: 'image_recognition',
  'media-transcription': 'media_transcription',
  media_transcription: 'media_transcription',
  transcription: 'media_transcription',
  media: 'media_transcription',
};

const LIMIT_USAGE = '`/warden usage limit <image-recognition|media-transcription> <units a month>`';

/** `/warden ingest`: opens the ingestion modal. */
export function parseIngestCommand(words: string[]): ParseResult<IngestCommand> {
  return words.length
    ? { ok: false, message: '`/warden ingest` takes no arguments: files and the website go in the form it opens.' }
    : { ok: true, command: { kind: 'ingest.modal' } };
}

/** `/warden usage` and `/warden usage limit <feature> <units>`. */
export function parseUsageCommand(words: string[]): ParseResult<IngestCommand> {
  const [action, rawFeature, rawLimit, ...extra] = words;
  if (!action) return { ok: true, command: { kind: 'usage.show' } };
  if (action.toLowerCase() !== 'limit') return { ok: false, message: `Usage: \`/warden usage\` or ${LIMIT_USAGE}.` };
  const feature = FEATURE_NAMES[(rawFeature ?? '').toLowerCase()];
  if (!feature) return { ok: false, message: `Name the feature: ${LIMIT_USAGE}.` };
  const monthlyLimit = Number(rawLimit);
  if (!rawLimit || extra.length || !Number.isInteger(monthlyLimit) || monthlyLimit < 0 || monthlyLimit > 10_000_000) {
    return { ok: false, message: `The limit must be a whole number of units (images, or minutes of media) from 0 to 10,000,000: ${LIMIT_USAGE}.` };
  }
  return { ok: true, command: { kind: 'usage.limit', feature, monthlyLimit } };
}
