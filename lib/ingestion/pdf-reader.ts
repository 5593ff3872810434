import type { PDFiumLibrary, PDFiumPage } from '@hyzyla/pdfium' with { 'resolution-mode': 'import' };
import type { OcrPool } from './ocr-pool';

// The package ships a CommonJS build whose type declarations TypeScript reads as ESM; the types come from those,
// the code from the CommonJS entry.
const { PDFiumLibrary: Pdfium } = require('@hyzyla/pdfium') as { PDFiumLibrary: typeof PDFiumLibrary };

export interface PdfPageText {
  /** 1-based. */
  page: number;
  text: string;
  method: 'pdf_text' | 'ocr';
}

export interface PdfText {
  pageCount: number;
  pages: PdfPageText[];
}

/** The PDF could not be opened: damaged, not a PDF after all, or password-protected. */
export class UnreadablePdfError extends Error {
  constructor(detail: string) {
    super(`the PDF could not be opened (${detail})`);
    this.name = 'UnreadablePdfError';
  }
}

export interface PdfReader {
  /**
   * Text of every page: the embedded text where a page has some, else the page rendered and read by OCR.
   * `onPage` is called as pages finish (activities heartbeat with it).
   */
  read(bytes: Buffer, opts: { onPage?: (done: number, of: number) => void }): Promise<PdfText>;
  stop(): void;
}

// A page with fewer letters than this carries no real text layer (a scan with a page number, say).
const MIN_TEXT_CHARS = 16;
// Rendered for OCR at about 200 dpi, the long side capped so a poster-sized page cannot exhaust memory.
const RENDER_DPI = 200;
const MAX_RENDER_SIDE = 3000;

/**
 * PDFium compiled to WebAssembly (no native build, no canvas): text extraction and page rendering in one
 * library. Rendering happens in this thread, one page at a time; OCR of rendered pages runs in the pool's
 * worker threads, a few pages in flight at once.
 */
export function createPdfReader(d: { ocr: OcrPool }): PdfReader {
  let library: Promise<PDFiumLibrary> | undefined;

  return {
    async read(bytes, { onPage }) {
      library ??= Pdfium.init();
      const lib = await library;
      let doc;
      try {
        doc = await lib.loadDocument(new Uint8Array(bytes));
      } catch (err) {
        throw new UnreadablePdfError(err instanceof Error ? err.message : String(err));
      }
      try {
        const pageCount = doc.getPageCount();
        const pages: PdfPageText[] = new Array(pageCount);
        const inFlight = new Set<Promise<void>>();
        let done = 0;
        const finish = (p: PdfPageText) => {
          pages[p.page - 1] = p;
          onPage?.((done += 1), pageCount);
        };
        for (let i = 0; i < pageCount; i++) {
          const page = doc.getPage(i);
          const text = page.getText().trim();
          if (letters(text) >= MIN_TEXT_CHARS) {
            finish({ page: i + 1, text, method: 'pdf_text' });
            continue;
          }
          const image = await renderForOcr(page);
          const job = d.ocr.recognize(image).then((r) => finish({ page: i + 1, text: r.text.trim(), method: 'ocr' }));
          const tracked: Promise<void> = job.finally(() => inFlight.delete(tracked));
          inFlight.add(tracked);
          if (inFlight.size >= d.ocr.size * 2) await Promise.race(inFlight);
        }
        await Promise.all(inFlight);
        return { pageCount, pages };
      } finally {
        doc.destroy();
      }
    },
    stop() {
      void library?.then((lib) => lib.destroy()).catch(() => undefined);
      library = undefined;
    },
  };
}

function letters(text: string): number {
  return text.replace(/[^\p{L}\p{N}]/gu, '').length;
}

/** A grayscale bitmap as binary PGM: Tesseract reads it directly, with no PNG encoding on the way. */
async function renderForOcr(page: PDFiumPage): Promise<Buffer> {
  const { originalWidth, originalHeight } = page.getOriginalSize();
  const scale = Math.min(RENDER_DPI / 72, MAX_RENDER_SIDE / Math.max(originalWidth, originalHeight, 1));
  const bitmap = await page.render({ scale, render: 'bitmap', colorSpace: 'Gray' });
  return Buffer.concat([Buffer.from(`P5\n${bitmap.width} ${bitmap.height}\n255\n`, 'latin1'), Buffer.from(bitmap.data)]);
}
