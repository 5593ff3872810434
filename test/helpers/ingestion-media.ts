// Files with known content, made by the tests themselves: PDFs with a text layer, scanned PDFs without one,
// PNG images of text, blank images and WAV audio. Text is typeset by pdf-lib (Helvetica) and rasterised by
// PDFium, the way a scanner or a screenshot would turn it into pixels.
import { deflateSync, crc32 } from 'node:zlib';
import type { PDFiumLibrary } from '@hyzyla/pdfium' with { 'resolution-mode': 'import' };
import { PDFDocument, StandardFonts } from 'pdf-lib';

import { FAKE_GEMINI_CONTENT_MARKER } from '../fakes/providers/gemini-media-answers';

const { PDFiumLibrary: Pdfium } = require('@hyzyla/pdfium') as { PDFiumLibrary: typeof PDFiumLibrary };

/** A PDF whose pages carry these lines as real text. */
export async function textPdf(pages: string[][]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = doc.addPage([420, 60 + lines.length * 26]);
    lines.forEach((line, i) => page.drawText(line, { x: 14, y: page.getHeight() - 36 - i * 26, size: 16, font }));
  }
  return Buffer.from(await doc.save());
}

let pdfium: Promise<PDFiumLibrary> | undefined;

/** Gray pixels of a text PDF's first page at `scale` (1 = 72 dpi). */
async function rasterise(lines: string[], scale: number): Promise<{ width: number; height: number; data: Uint8Array }> {
  pdfium ??= Pdfium.init();
  const doc = await (await pdfium).loadDocument(new Uint8Array(await textPdf([lines])));
  try {
    return await doc.getPage(0).render({ scale, render: 'bitmap', colorSpace: 'Gray' });
  } finally {
    doc.destroy();
  }
}

/** A PNG picture of these lines (a screenshot of a document); `embedded` goes into a tEXt chunk. */
export async function textPng(lines: string[], opts: { embedded?: string; scale?: number } = {}): Promise<Buffer> {
  const bitmap = await rasterise(lines, opts.scale ?? 2);
  return grayPng(bitmap.width, bitmap.height, bitmap.data, opts.embedded);
}

/** An all-white PNG: a valid image with nothing to read. */
export function blankPng(width = 300, height = 120, embedded?: string): Buffer {
  return grayPng(width, height, new Uint8Array(width * height).fill(255), embedded);
}

/** A PDF of scanned pages: each page is only an image of its lines, with no text layer at all. */
export async function scannedPdf(pages: string[][]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (const lines of pages) {
    const bitmap = await rasterise(lines, 2.5);
    const png = await doc.embedPng(grayPng(bitmap.width, bitmap.height, bitmap.data));
    const page = doc.addPage([bitmap.width / 2.5, bitmap.height / 2.5]);
    page.drawImage(png, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
  }
  return Buffer.from(await doc.save());
}

/** 8 kHz mono 8-bit silence of `seconds`, with `spoken` in a LIST/INFO comment the fake Gemini transcribes. */
export function wav(seconds: number, spoken?: string): Buffer {
  const rate = 8000;
  const data = Buffer.alloc(Math.round(seconds * rate), 0x80);
  const chunks: Buffer[] = [riffChunk('fmt ', fmtChunk(rate)), riffChunk('data', data)];
  if (spoken) {
    const comment = riffChunk('ICMT', Buffer.from(`${FAKE_GEMINI_CONTENT_MARKER}${spoken}\0`, 'latin1'));
    chunks.push(riffChunk('LIST', Buffer.concat([Buffer.from('INFO', 'latin1'), comment])));
  }
  const body = Buffer.concat([Buffer.from('WAVE', 'latin1'), ...chunks]);
  return Buffer.concat([Buffer.from('RIFF', 'latin1'), u32le(body.length), body]);
}

function fmtChunk(rate: number): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt16LE(1, 0); // PCM
  b.writeUInt16LE(1, 2); // mono
  b.writeUInt32LE(rate, 4);
  b.writeUInt32LE(rate, 8); // bytes per second at 8 bits mono
  b.writeUInt16LE(1, 12);
  b.writeUInt16LE(8, 14);
  return b;
}

function riffChunk(id: string, body: Buffer): Buffer {
  const pad = body.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0);
  return Buffer.concat([Buffer.from(id, 'latin1'), u32le(body.length), body, pad]);
}

function u32le(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n, 0);
  return b;
}

/** 8-bit grayscale PNG (filter 0 on every row), with an optional tEXt chunk. */
export function grayPng(width: number, height: number, pixels: Uint8Array, embedded?: string): Buffer {
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) Buffer.from(pixels.buffer, pixels.byteOffset + y * width, width).copy(raw, y * (width + 1) + 1);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grayscale
  const chunks = [pngChunk('IHDR', ihdr)];
  if (embedded) chunks.push(pngChunk('tEXt', Buffer.from(`Comment\0${FAKE_GEMINI_CONTENT_MARKER}${embedded}\n`, 'latin1')));
  chunks.push(pngChunk('IDAT', deflateSync(raw)), pngChunk('IEND', Buffer.alloc(0)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ...chunks]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed) >>> 0, 0);
  return Buffer.concat([length, typed, crc]);
}
