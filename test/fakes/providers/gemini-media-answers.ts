import { base58ish, type FakeAnswer } from './fake-answer';
import type { FakeGeminiFiles } from './gemini-files';

/**
 * What the fake "sees" in an image or "hears" in a recording: the text after this marker in the file's bytes (a
 * PNG tEXt chunk, a WAV INFO comment). Tests put it there; the file stays a valid image or recording.
 */
export const FAKE_GEMINI_CONTENT_MARKER = 'FAKE-GEMINI-CONTENT:';

// Inline requests above this many bytes get the real "payload size" error (20 MiB, the long-documented value).
export const FAKE_INLINE_LIMIT_BYTES = 20_971_520;
const SUPPORTED = /^(image\/(png|jpeg|webp|heic|heif|gif|bmp|tiff)|audio\/(wav|mp3|mpeg|aiff|aac|ogg|flac|mp4)|video\/(mp4|mpeg|quicktime|webm|3gpp|x-flv|mov|avi|wmv)|application\/pdf|text\/plain)$/;
const HEADERS = { 'content-type': 'application/json; charset=UTF-8', vary: 'Origin, X-Origin, Referer' };

type MediaPart = { kind: 'inline'; mime: string; bytes: Buffer } | { kind: 'file'; mime: string; uri: string };

/** The media part of a generateContent body, in camelCase or snake_case (the API takes both). */
export function mediaPartOf(rawBody: Buffer): MediaPart | null {
  let body: { contents?: Array<{ parts?: Array<Record<string, any>> }> };
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return null;
  }
  for (const part of (body.contents ?? []).flatMap((c) => c.parts ?? [])) {
    const inline = part.inlineData ?? part.inline_data;
    if (inline) return { kind: 'inline', mime: String(inline.mimeType ?? inline.mime_type ?? ''), bytes: Buffer.from(String(inline.data ?? ''), 'base64') };
    const file = part.fileData ?? part.file_data;
    if (file) return { kind: 'file', mime: String(file.mimeType ?? file.mime_type ?? ''), uri: String(file.fileUri ?? file.file_uri ?? '') };
  }
  return null;
}

/** generateContent with an image, a recording or a video, answered like the recorded media responses. */
export function answerMedia(model: string, rawBody: Buffer, part: MediaPart, files: FakeGeminiFiles, keyFingerprint: string): FakeAnswer {
  if (part.kind === 'inline' && rawBody.length > FAKE_INLINE_LIMIT_BYTES) {
    return invalid(`Request payload size exceeds the limit: ${FAKE_INLINE_LIMIT_BYTES} bytes.`);
  }
  let bytes: Buffer;
  if (part.kind === 'file') {
    const found = files.forGenerate(part.uri, keyFingerprint);
    if ('answer' in found) return found.answer;
    bytes = found.file.bytes;
  } else {
    bytes = part.bytes;
  }
  if (!SUPPORTED.test(part.mime)) return invalid(`Unsupported MIME type: ${part.mime}`);
  const said = contentOf(bytes);
  const modality = part.mime.startsWith('image/') ? 'IMAGE' : part.mime.startsWith('video/') ? 'VIDEO' : 'AUDIO';
  const text =
    modality === 'IMAGE'
      ? said
        ? `The image shows ${said}`
        : `An image (${part.mime}, ${bytes.length} bytes) with nothing recognisable in it.`
      : (said ?? '');
  const mediaTokens = modality === 'IMAGE' ? 258 : Math.max(1, Math.round(bytes.length / 500));
  return {
    status: 200,
    headers: HEADERS,
    body: {
      candidates: [{ content: { parts: [{ text }], role: 'model' }, finishReason: 'STOP', avgLogprobs: -0.12 }],
      usageMetadata: {
        promptTokenCount: 20 + mediaTokens,
        candidatesTokenCount: Math.ceil(text.length / 4),
        totalTokenCount: 20 + mediaTokens + Math.ceil(text.length / 4),
        promptTokensDetails: [
          { modality: 'TEXT', tokenCount: 20 },
          { modality, tokenCount: mediaTokens },
        ],
      },
      modelVersion: model,
      responseId: base58ish(23),
    },
  };
}

function contentOf(bytes: Buffer): string | null {
  const at = bytes.indexOf(FAKE_GEMINI_CONTENT_MARKER, 0, 'latin1');
  if (at < 0) return null;
  let end = at + FAKE_GEMINI_CONTENT_MARKER.length;
  while (end < bytes.length && bytes[end]! >= 0x20) end++;
  return bytes.toString('utf8', at + FAKE_GEMINI_CONTENT_MARKER.length, end);
}

function invalid(message: string): FakeAnswer {
  return { status: 400, headers: HEADERS, body: { error: { code: 400, message, status: 'INVALID_ARGUMENT' } } };
}
