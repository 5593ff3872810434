import type { ExtractResult, GeminiStepResult } from '../../activities/ingestion';
import { QUOTA_FEATURE_LABELS, QUOTA_UNITS, type IngestItemInput, type ItemOutcome } from '../../lib/contracts';
import { startProof } from '../actor-proof';
import { geminiCalls, ingestionWork } from '../activity-options';

const ADD_KEY = "add the org's Gemini key (`/warden keys add`, then it pays and nothing is metered)";
const RAISE = (feature: 'image-recognition' | 'media-transcription') => `ask an admin to raise the plan limit (\`/warden usage limit ${feature} <units>\`)`;

/** One Slack file: fetch, detect the type, get text without a provider, then Gemini vision or transcription. */
export async function ingestSlackFile(input: IngestItemInput): Promise<ItemOutcome> {
  if (input.item.kind !== 'slack_file') throw new Error('ingestSlackFile takes a Slack file item');
  const step = {
    proof: startProof(input),
    actorSlackId: input.actorSlackId,
    orgId: input.orgId,
    ingestionId: input.ingestionId,
    itemKey: input.itemKey,
    fileId: input.item.fileId,
    maxFileBytes: input.settings.maxFileBytes,
  };
  const outcome: ItemOutcome = { index: input.index, label: input.item.name, status: 'done', methods: [], pages: 0, chars: 0, chunks: 0, costs: [], notes: [] };
  const extracted = await ingestionWork.extractItem({ ...step, maxPdfPages: input.settings.maxPdfPages, maxMediaSeconds: input.settings.maxMediaSeconds });
  if (!extracted.ok) return fail(outcome, extracted.reason, extracted.remedy);
  absorb(outcome, extracted);
  const gemini = geminiCalls(input.settings);

  if (extracted.kind === 'image') {
    if (input.options.vision) applyVision(outcome, await gemini.describeImage(step));
    if (outcome.chars === 0) {
      return fail(outcome, 'No text was found in the image, and there is no description of it.', input.options.vision ? 'Upload a clearer image.' : 'Upload a clearer image, or turn on Gemini vision to describe it.');
    }
    return outcome;
  }
  if (extracted.kind === 'audio' || extracted.kind === 'video') {
    const result = await gemini.transcribeMedia({ ...step, mime: extracted.mime, durationSeconds: extracted.durationSeconds });
    return applyTranscription(outcome, result, extracted.durationSeconds ?? 0);
  }
  return outcome;
}

function absorb(o: ItemOutcome, e: Extract<ExtractResult, { ok: true }>): void {
  o.label = e.name;
  o.methods.push(...e.methods);
  o.pages = e.pages;
  o.chars = e.chars;
  o.chunks = e.chunks;
  o.notes.push(...e.notes);
}

/** With vision on, the description joins the OCR text; when it cannot be had, OCR alone stands and the summary says why. */
function applyVision(o: ItemOutcome, r: GeminiStepResult): void {
  if (r.status === 'done') {
    o.methods.push('vision');
    o.chars += r.chars;
    o.chunks += r.chunks;
    o.costs.push({ feature: r.feature, units: r.units, payer: r.payer });
    return;
  }
  o.status = 'partial';
  if (r.status === 'quota_exhausted') {
    o.notes.push(
      `OCR only: this month's hosted ${QUOTA_FEATURE_LABELS[r.feature].toLowerCase()} quota is used up (${r.used} of ${r.limit} ${QUOTA_UNITS[r.feature]}) and the org has no Gemini key. *Remedy:* ${ADD_KEY}, or ${RAISE('image-recognition')}.`,
    );
  } else {
    o.notes.push(`OCR only: Gemini vision failed. ${r.reason} *Remedy:* ${r.remedy}`);
  }
}

/** Audio and video have no fallback: without a transcription the item fails, with the reason and the remedy. */
function applyTranscription(o: ItemOutcome, r: GeminiStepResult, seconds: number): ItemOutcome {
  if (r.status === 'quota_exhausted') {
    const minutes = Math.max(1, Math.ceil(seconds / 60));
    return fail(
      o,
      `Not transcribed: it needs ${minutes} minutes of hosted ${QUOTA_FEATURE_LABELS[r.feature].toLowerCase()} and this month's quota has ${Math.max(0, r.limit - r.used)} of ${r.limit} left (no OCR fallback for media).`,
      `${ADD_KEY[0]!.toUpperCase()}${ADD_KEY.slice(1)}, or ${RAISE('media-transcription')}.`,
    );
  }
  if (r.status === 'unavailable') return fail(o, `Not transcribed: ${r.reason}`, r.remedy);
  o.costs.push({ feature: r.feature, units: r.units, payer: r.payer });
  if (r.chars === 0) return fail(o, 'Gemini heard no speech in it.', 'Check that the recording has speech, then upload it again.');
  o.methods.push('transcription');
  o.chars += r.chars;
  o.chunks += r.chunks;
  return o;
}

function fail(o: ItemOutcome, reason: string, remedy: string): ItemOutcome {
  return { ...o, status: 'failed', failure: { reason, remedy } };
}
