import { Context } from '@temporalio/activity';
import { escapeMrkdwn, type ActorProof, type IngestMethod } from '../../lib/contracts';
import { chunkText } from '../../lib/ingestion/chunk-text';
import { detectType } from '../../lib/ingestion/detect-type';
import { mediaDurationSeconds } from '../../lib/ingestion/media-duration';
import { UnreadableImageError } from '../../lib/ingestion/ocr-pool';
import { UnreadablePdfError } from '../../lib/ingestion/pdf-reader';
import type { ActivityDeps } from '../deps';
import { requireItemActor } from './authorize-ingestion';
import { rejected, type ExtractResult } from './item-results';
import { fetchSlackFile, slackFileChunkSource } from './slack-file-source';

type Deps = Pick<ActivityDeps, 'slackFiles' | 'ocr' | 'pdfs' | 'knowledge' | 'actorAssertions' | 'audit'>;

export interface ExtractItemInput {
  proof: ActorProof;
  actorSlackId: string;
  orgId: string;
  ingestionId: string;
  itemKey: string;
  fileId: string;
  maxFileBytes: number;
  maxPdfPages: number;
  maxMediaSeconds: number;
}

const SUPPORTED_HINT = 'Warden ingests images, PDFs, plain text and markdown, audio and video.';

/**
 * Fetches the file, detects what it really is from its bytes and gets its text without any provider: text as
 * it is, images by OCR, PDFs by their text layer or OCR of rendered pages. Audio and video are only measured
 * here (their transcription is metered, in its own step). Stored chunks replace an earlier attempt's.
 */
export function createExtractItem(d: Deps) {
  return async function extractItem(input: ExtractItemInput): Promise<ExtractResult> {
    await requireItemActor(d, input.proof, input.actorSlackId, input.itemKey);
    const fetched = await fetchSlackFile(d, input.fileId, input.maxFileBytes, Context.current().cancellationSignal);
    if (!fetched.ok) return fetched;
    const { info, bytes } = fetched;
    const name = escapeMrkdwn(info.name);
    const type = detectType(bytes, info.name);
    const source = slackFileChunkSource(input, info);
    const base = { ok: true as const, mime: type.mime, name: info.name, uploadedBy: source.uploadedBySlackId, notes: [] as string[] };
    const store = async (method: IngestMethod, pieces: Array<{ text: string; page: number | null }>) =>
      d.knowledge.replaceItemChunks(source, method, null, pieces.flatMap((p) => chunkText(p.text).map((text) => ({ text, page: p.page }))));

    switch (type.kind) {
      case 'text': {
        const text = bytes.toString('utf8');
        if (!text.trim()) return rejected(`${name} is empty.`, 'Upload a file with some text in it.');
        const stored = await store('text', [{ text, page: null }]);
        return { ...base, kind: 'text', pages: 1, chars: stored.chars, chunks: stored.stored, methods: ['text'] };
      }
      case 'image': {
        let text: string;
        try {
          text = (await d.ocr.recognize(bytes)).text.trim();
        } catch (err) {
          if (err instanceof UnreadableImageError) return rejected(`${name} looks like an image (${type.mime}) but ${err.message}.`, 'Upload the image again, or save it as PNG or JPEG.');
          throw err;
        }
        const stored = text ? await store('ocr', [{ text, page: 1 }]) : { stored: 0, chars: 0 };
        return { ...base, kind: 'image', pages: 1, chars: stored.chars, chunks: stored.stored, methods: text ? ['ocr'] : [] };
      }
      case 'pdf':
        return extractPdf(d, bytes, input, name, base, store);
      case 'audio':
      case 'video': {
        const seconds = mediaDurationSeconds(bytes, type.mime);
        if (seconds === null) return rejected(`${name} is ${type.mime}, but its length could not be read from the file.`, 'Convert it to MP3 or MP4 and upload it again.');
        if (seconds > input.maxMediaSeconds) {
          return rejected(`${name} runs ${Math.ceil(seconds / 60)} minutes, over the ${input.maxMediaSeconds / 60}-minute limit per file.`, 'Cut it into shorter recordings.');
        }
        return { ...base, kind: type.kind, pages: 0, chars: 0, chunks: 0, methods: [], durationSeconds: seconds };
      }
      case 'html':
        return rejected(`${name} is an HTML page.`, `Use the website field for web pages. ${SUPPORTED_HINT}`);
      case 'unsupported':
        return rejected(`${name} is not a supported type (${type.mime}${info.mimetype && info.mimetype !== type.mime ? `; Slack called it ${info.mimetype}` : ''}).`, SUPPORTED_HINT);
    }
  };
}

async function extractPdf(
  d: Deps,
  bytes: Buffer,
  input: ExtractItemInput,
  name: string,
  base: { ok: true; mime: string; name: string; uploadedBy: string; notes: string[] },
  store: (method: IngestMethod, pieces: Array<{ text: string; page: number | null }>) => Promise<{ stored: number; chars: number }>,
): Promise<ExtractResult> {
  let read;
  try {
    read = await d.pdfs.read(bytes, { onPage: (done, of) => Context.current().heartbeat({ page: done, of }) });
  } catch (err) {
    if (err instanceof UnreadablePdfError) return rejected(`${name}: ${err.message}.`, 'Remove the password or re-save the PDF, then upload it again.');
    throw err;
  }
  if (read.pageCount > input.maxPdfPages) {
    return rejected(`${name} has ${read.pageCount} pages, over the ${input.maxPdfPages}-page limit.`, 'Split the PDF, or ask an operator to raise WARDEN_INGEST_MAX_PDF_PAGES.');
  }
  const withText = read.pages.filter((p) => p.text.trim());
  const typed = await store('pdf_text', withText.filter((p) => p.method === 'pdf_text'));
  const scanned = await store('ocr', withText.filter((p) => p.method === 'ocr'));
  const methods: IngestMethod[] = [...(typed.stored ? ['pdf_text' as const] : []), ...(scanned.stored ? ['ocr' as const] : [])];
  if (methods.length === 0) return rejected(`${name} has no text, and OCR found none on its ${read.pageCount} pages.`, 'Upload a clearer scan.');
  const empty = read.pageCount - withText.length;
  const notes = empty > 0 ? [`${empty} of ${read.pageCount} pages had no readable text.`] : [];
  return { ...base, kind: 'pdf', pages: read.pageCount, chars: typed.chars + scanned.chars, chunks: typed.stored + scanned.stored, methods, notes };
}
