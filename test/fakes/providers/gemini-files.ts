import { createHash, randomBytes } from 'node:crypto';
import type { FakeAnswer } from './fake-answer';

/** How uploads behave after they arrive: PROCESSING for `polls` files.get calls, then ACTIVE or FAILED. */
export interface FakeFileProcessing {
  polls: number;
  outcome: 'ACTIVE' | 'FAILED';
}

export interface FakeGeminiFile {
  id: string;
  ownerKeyFingerprint: string;
  mimeType: string;
  displayName: string;
  bytes: Buffer;
  createTime: Date;
  polls: number;
  processing: FakeFileProcessing;
  deleted: boolean;
}

const HEADERS = { 'content-type': 'application/json; charset=UTF-8', vary: 'Origin, X-Origin, Referer' };
const error = (code: number, status: string, message: string, details?: object[]): FakeAnswer => ({
  status: code,
  headers: HEADERS,
  body: { error: { code, message, status, ...(details ? { details } : {}) } },
});

/**
 * The Gemini Files API as the corpus shows it (gemini-files-*.json): a multipart upload answers the File
 * wrapped in `{ file }` with `x-goog-upload-status: final`, state PROCESSING; files.get answers the bare File;
 * another project's, a deleted or an unknown file is 403 PERMISSION_DENIED, not 404.
 */
export class FakeGeminiFiles {
  readonly files = new Map<string, FakeGeminiFile>();
  processing: FakeFileProcessing = { polls: 1, outcome: 'ACTIVE' };
  /** Bytes a project may store (FileStorageBytesPerProject); 20 GiB as in the corpus unless a test lowers it. */
  storageLimitBytes = 21_474_836_480;

  constructor(private readonly origin: () => string) {}

  upload(rawBody: Buffer, contentType: string, protocol: string | undefined, keyFingerprint: string): FakeAnswer {
    if (protocol !== 'multipart') return error(400, 'INVALID_ARGUMENT', 'Invalid value for X-Goog-Upload-Protocol; this fake serves the multipart protocol the SDK uses.');
    const parsed = parseMultipart(rawBody, contentType);
    if (!parsed) return error(400, 'INVALID_ARGUMENT', 'Request contains an invalid argument.');
    const stored = [...this.files.values()].filter((f) => !f.deleted && f.ownerKeyFingerprint === keyFingerprint).reduce((n, f) => n + f.bytes.length, 0);
    if (stored + parsed.bytes.length > this.storageLimitBytes) return storageQuotaExceeded(this.storageLimitBytes);
    const file: FakeGeminiFile = {
      id: randomBytes(6).toString('hex'),
      ownerKeyFingerprint: keyFingerprint,
      mimeType: parsed.metadata.mimeType ?? parsed.partType,
      displayName: parsed.metadata.displayName ?? '',
      bytes: parsed.bytes,
      createTime: new Date(),
      polls: 0,
      processing: { ...this.processing },
      deleted: false,
    };
    this.files.set(file.id, file);
    return { status: 200, headers: { ...HEADERS, 'x-goog-upload-status': 'final' }, body: { file: this.view(file) } };
  }

  get(id: string, keyFingerprint: string): FakeAnswer {
    const file = this.visible(id, keyFingerprint);
    if (!file) return permissionDenied(id);
    file.polls += 1;
    return { status: 200, headers: HEADERS, body: this.view(file) };
  }

  remove(id: string, keyFingerprint: string): FakeAnswer {
    const file = this.visible(id, keyFingerprint);
    if (!file) return permissionDenied(id);
    file.deleted = true;
    return { status: 200, headers: HEADERS, body: {} };
  }

  list(keyFingerprint: string): FakeAnswer {
    const files = [...this.files.values()].filter((f) => !f.deleted && f.ownerKeyFingerprint === keyFingerprint).map((f) => this.view(f));
    return { status: 200, headers: HEADERS, body: files.length ? { files } : {} };
  }

  /** A `fileData` part's file, or the error generateContent answers about it. */
  forGenerate(uri: string, keyFingerprint: string): { file: FakeGeminiFile } | { answer: FakeAnswer } {
    const id = /\/files\/([^/?]+)$/.exec(uri)?.[1] ?? '';
    const file = this.visible(id, keyFingerprint);
    if (!file) return { answer: permissionDenied(id) };
    if (this.state(file) !== 'ACTIVE') {
      return { answer: error(400, 'FAILED_PRECONDITION', `The File ${id} is not in an ACTIVE state and usage is not allowed.`) };
    }
    return { file };
  }

  private visible(id: string, keyFingerprint: string): FakeGeminiFile | undefined {
    const file = this.files.get(id);
    return file && !file.deleted && file.ownerKeyFingerprint === keyFingerprint ? file : undefined;
  }

  private state(f: FakeGeminiFile): 'PROCESSING' | 'ACTIVE' | 'FAILED' {
    return f.polls >= f.processing.polls ? f.processing.outcome : 'PROCESSING';
  }

  private view(f: FakeGeminiFile): Record<string, unknown> {
    const state = this.state(f);
    const created = f.createTime.toISOString();
    return {
      name: `files/${f.id}`,
      displayName: f.displayName,
      mimeType: f.mimeType,
      sizeBytes: String(f.bytes.length),
      createTime: created,
      updateTime: created,
      expirationTime: new Date(f.createTime.getTime() + 48 * 3600_000).toISOString(),
      // base64 of the hex digest text, as the real API does.
      sha256Hash: Buffer.from(createHash('sha256').update(f.bytes).digest('hex')).toString('base64'),
      uri: `${this.origin()}/v1beta/files/${f.id}`,
      state,
      source: 'UPLOADED',
      ...(state === 'FAILED' ? { error: { code: 3, message: 'The media could not be processed.' } } : {}),
    };
  }
}

function permissionDenied(id: string): FakeAnswer {
  return error(403, 'PERMISSION_DENIED', `You do not have permission to access the File ${id} or it may not exist.`);
}

function storageQuotaExceeded(limit: number): FakeAnswer {
  return error(
    429,
    'RESOURCE_EXHAUSTED',
    `You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.\n* Quota exceeded for metric: generativelanguage.googleapis.com/file_storage_bytes, limit: ${limit}`,
    [
      {
        '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
        violations: [{ quotaMetric: 'generativelanguage.googleapis.com/file_storage_bytes', quotaId: 'FileStorageBytesPerProject', quotaValue: String(limit) }],
      },
    ],
  );
}

/** multipart/related: a JSON part `{ file: { mimeType, displayName } }`, then the media part. */
function parseMultipart(body: Buffer, contentType: string): { metadata: { mimeType?: string; displayName?: string }; partType: string; bytes: Buffer } | null {
  const boundary = /boundary=([^;]+)/.exec(contentType)?.[1];
  if (!boundary) return null;
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Buffer[] = [];
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const next = body.indexOf(delimiter, at + delimiter.length);
    if (next < 0) break;
    parts.push(body.subarray(at + delimiter.length + 2, next - 2)); // skip CRLF after the delimiter and before the next
    at = next;
  }
  const split = (p: Buffer) => {
    const end = p.indexOf('\r\n\r\n');
    return end < 0 ? null : { headers: p.subarray(0, end).toString('latin1'), body: p.subarray(end + 4) };
  };
  const meta = parts[0] ? split(parts[0]) : null;
  const media = parts[1] ? split(parts[1]) : null;
  if (!meta || !media) return null;
  try {
    const metadata = (JSON.parse(meta.body.toString('utf8')) as { file?: { mimeType?: string; displayName?: string } }).file ?? {};
    return { metadata, partType: /content-type:\s*([^\r\n]+)/i.exec(media.headers)?.[1]?.trim() ?? 'application/octet-stream', bytes: media.body };
  } catch {
    return null;
  }
}
