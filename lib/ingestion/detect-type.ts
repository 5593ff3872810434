/** What the bytes are, read from their content: a file's name and Slack's mimetype are only claims. */
export type DetectedType =
  | { kind: 'image'; mime: string }
  | { kind: 'pdf'; mime: 'application/pdf' }
  | { kind: 'text'; mime: 'text/plain' | 'text/markdown' }
  | { kind: 'audio'; mime: string }
  | { kind: 'video'; mime: string }
  | { kind: 'html'; mime: 'text/html' }
  | { kind: 'unsupported'; mime: string };

const startsWith = (b: Buffer, bytes: number[], at = 0) => bytes.every((v, i) => b[at + i] === v);
const ascii = (b: Buffer, at: number, length: number) => b.subarray(at, at + length).toString('latin1');

/**
 * Magic numbers of the formats Warden ingests. Text is text when it is valid UTF-8 without control bytes;
 * markdown is told from plain text by the name only, since both are read the same way.
 */
export function detectType(bytes: Buffer, fileName = ''): DetectedType {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: 'image', mime: 'image/png' };
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { kind: 'image', mime: 'image/jpeg' };
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return { kind: 'image', mime: 'image/gif' };
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return { kind: 'image', mime: 'image/webp' };
  if (ascii(bytes, 0, 2) === 'BM' && bytes.length > 26) return { kind: 'image', mime: 'image/bmp' };
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return { kind: 'image', mime: 'image/tiff' };
  if (ascii(bytes, 0, 5) === '%PDF-') return { kind: 'pdf', mime: 'application/pdf' };
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WAVE') return { kind: 'audio', mime: 'audio/wav' };
  if (ascii(bytes, 0, 4) === 'fLaC') return { kind: 'audio', mime: 'audio/flac' };
  if (ascii(bytes, 0, 4) === 'OggS') return { kind: 'audio', mime: 'audio/ogg' };
  if (ascii(bytes, 0, 4) === 'FORM' && ascii(bytes, 8, 4) === 'AIFF') return { kind: 'audio', mime: 'audio/aiff' };
  if (ascii(bytes, 0, 3) === 'ID3' || isMpegAudioFrame(bytes, 0)) return { kind: 'audio', mime: 'audio/mp3' };
  if (startsWith(bytes, [0xff]) && ((bytes[1] ?? 0) & 0xf6) === 0xf0) return { kind: 'audio', mime: 'audio/aac' };
  if (ascii(bytes, 4, 4) === 'ftyp') return isoMediaType(ascii(bytes, 8, 4));
  if (startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return { kind: 'video', mime: 'video/webm' };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return { kind: 'unsupported', mime: 'application/zip' };
  const text = asText(bytes);
  if (text !== null) {
    if (/^\s*(<!doctype html|<html)/i.test(text.slice(0, 512))) return { kind: 'html', mime: 'text/html' };
    return { kind: 'text', mime: /\.(md|markdown)$/i.test(fileName) ? 'text/markdown' : 'text/plain' };
  }
  return { kind: 'unsupported', mime: 'application/octet-stream' };
}

/** MP4 family: the major brand says whether it is audio-only (M4A) or a movie. */
function isoMediaType(brand: string): DetectedType {
  if (brand === 'M4A ' || brand === 'M4B ') return { kind: 'audio', mime: 'audio/mp4' };
  if (brand === 'qt  ') return { kind: 'video', mime: 'video/quicktime' };
  if (brand.startsWith('3g')) return { kind: 'video', mime: 'video/3gpp' };
  return { kind: 'video', mime: 'video/mp4' };
}

/** An MPEG-1/2 Layer III frame header: 11 sync bits, a valid version and layer III. */
export function isMpegAudioFrame(b: Buffer, at: number): boolean {
  return b[at] === 0xff && ((b[at + 1] ?? 0) & 0xe0) === 0xe0 && ((b[at + 1] ?? 0) & 0x06) === 0x02 && ((b[at + 1] ?? 0) & 0x18) !== 0x08;
}

function asText(bytes: Buffer): string | null {
  if (bytes.length === 0) return null;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  // Tabs, newlines, vertical tabs, form feeds and carriage returns are text; other control characters mean binary.
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && (code < 0x09 || code > 0x0d)) return null;
  }
  return text;
}
