import { GoogleGenerativeAI, type Part } from '@google/generative-ai';
import { GoogleAIFileManager, type FileMetadataResponse } from '@google/generative-ai/server';

export interface GeminiMediaOptions {
  /** The host only; the SDK appends /v1beta (and /upload for uploads). */
  endpoint: string;
  model: string;
  /** Media up to this size goes inline in the request; larger media through the Files API. */
  inlineMaxBytes: number;
  /** How often an uploaded file's state is polled while Gemini processes it. */
  pollEveryMs: number;
}

export interface MediaCall {
  apiKey: string;
  bytes: Buffer;
  mime: string;
  displayName: string;
  signal: AbortSignal;
  /** Called while waiting on Gemini (each poll), so a long activity can heartbeat. */
  onWait?: () => void;
}

export interface MediaAnswer {
  text: string;
  via: 'inline' | 'files_api';
}

/** Gemini finished processing an upload as FAILED, or kept answering 500 about it (how broken files show). */
export class GeminiFileFailedError extends Error {
  constructor(detail: string) {
    super(`Gemini could not process the uploaded media (${detail})`);
    this.name = 'GeminiFileFailedError';
  }
}

const DESCRIBE_PROMPT =
  'Describe this image for a company knowledge base: what it shows, and any text, numbers, labels or charts in it. Answer in plain text.';
const TRANSCRIBE_PROMPT = 'Transcribe the speech in this recording verbatim, in its language. Plain text only: no timestamps, no commentary.';
// files.get on a broken upload has been seen answering 500 "Failed to convert server response to JSON" for good.
const MAX_CONSECUTIVE_GET_FAILURES = 3;

/**
 * Image description and transcription with Gemini (@google/generative-ai, as the key checks use). The key is
 * passed per call and never stored. Large media is uploaded with the Files API, polled until ACTIVE, used by
 * its URI and deleted afterwards (it would otherwise count against the project's storage for 48 hours).
 */
export function createGeminiMedia(o: GeminiMediaOptions) {
  async function generate(apiKey: string, prompt: string, media: Part, signal: AbortSignal): Promise<string> {
    const model = new GoogleGenerativeAI(apiKey).getGenerativeModel({ model: o.model }, { baseUrl: o.endpoint });
    const result = await model.generateContent({ contents: [{ role: 'user', parts: [{ text: prompt }, media] }] }, { signal });
    // Parts are read directly: response.text() throws when a safety filter blocked the answer.
    const parts = result.response.candidates?.[0]?.content?.parts ?? [];
    return parts.map((p) => p.text ?? '').join('').trim();
  }

  async function viaFilesApi(call: MediaCall, prompt: string): Promise<string> {
    // The file manager honours a `signal` in its options (for every request it makes) though its type omits it.
    const options = { baseUrl: o.endpoint, signal: call.signal };
    const files = new GoogleAIFileManager(call.apiKey, options);
    const uploaded = (await files.uploadFile(call.bytes, { mimeType: call.mime, displayName: call.displayName })).file;
    try {
      const active = await waitUntilActive(files, uploaded, call);
      return await generate(call.apiKey, prompt, { fileData: { fileUri: active.uri, mimeType: active.mimeType || call.mime } }, call.signal);
    } finally {
      await files.deleteFile(uploaded.name).catch(() => undefined);
    }
  }

  async function waitUntilActive(files: GoogleAIFileManager, file: FileMetadataResponse, call: MediaCall): Promise<FileMetadataResponse> {
    let current = file;
    let failures = 0;
    for (;;) {
      if (current.state === 'ACTIVE') return current;
      if (current.state === 'FAILED') throw new GeminiFileFailedError(current.error?.message ?? 'state FAILED');
      // PROCESSING, or a state Warden does not know: not ready yet.
      call.onWait?.();
      await sleep(o.pollEveryMs, call.signal);
      try {
        current = await files.getFile(file.name);
        failures = 0;
      } catch (err) {
        if ((err as { status?: number }).status !== 500 || ++failures >= MAX_CONSECUTIVE_GET_FAILURES) {
          if (failures >= MAX_CONSECUTIVE_GET_FAILURES) throw new GeminiFileFailedError('it kept answering HTTP 500 about this file');
          throw err;
        }
      }
    }
  }

  return {
    async describeImage(call: MediaCall): Promise<MediaAnswer> {
      if (call.bytes.length > o.inlineMaxBytes) return { text: await viaFilesApi(call, DESCRIBE_PROMPT), via: 'files_api' };
      return { text: await generate(call.apiKey, DESCRIBE_PROMPT, inline(call), call.signal), via: 'inline' };
    },
    async transcribe(call: MediaCall): Promise<MediaAnswer> {
      if (call.bytes.length > o.inlineMaxBytes) return { text: await viaFilesApi(call, TRANSCRIBE_PROMPT), via: 'files_api' };
      return { text: await generate(call.apiKey, TRANSCRIBE_PROMPT, inline(call), call.signal), via: 'inline' };
    },
  };
}

export type GeminiMedia = ReturnType<typeof createGeminiMedia>;

function inline(call: MediaCall): Part {
  return { inlineData: { mimeType: call.mime, data: call.bytes.toString('base64') } };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
