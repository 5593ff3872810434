import { availableParallelism } from 'node:os';
import { createScheduler, createWorker, OEM, type Scheduler } from 'tesseract.js';

// The English model as a package on disk (no type declarations ship with it).
const eng = require('@tesseract.js-data/eng') as { langPath: string; gzip: boolean };

export interface OcrResult {
  text: string;
  /** Tesseract's mean word confidence, 0–100. */
  confidence: number;
}

export interface OcrPool {
  readonly size: number;
  /** OCR of one encoded image (PNG, JPEG, GIF, WebP, BMP, TIFF, PNM); rejects with UnreadableImageError. */
  recognize(image: Buffer): Promise<OcrResult>;
  /** Stops every worker thread; later calls to recognize are refused. */
  stop(): Promise<void>;
}

/** The bytes were not an image Tesseract could decode (truncated, corrupt, or not an image at all). */
export class UnreadableImageError extends Error {
  constructor(detail: string) {
    super(`the image could not be read (${detail})`);
    this.name = 'UnreadableImageError';
  }
}

export function defaultOcrPoolSize(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Tesseract (WebAssembly) in worker threads, one per core by default, created on first use and reused for every
 * item after that: loading a worker and its English model takes seconds, recognising a page well under one.
 * The model comes from the @tesseract.js-data/eng package on disk, never from the network, and nothing is
 * cached to the working directory.
 */
export function createOcrPool(opts: { size?: number } = {}): OcrPool {
  const size = Math.max(1, opts.size ?? defaultOcrPoolSize());
  let scheduler: Promise<Scheduler> | undefined;
  let stopped = false;

  async function start(): Promise<Scheduler> {
    const s = createScheduler();
    const workers = await Promise.all(
      Array.from({ length: size }, () =>
        createWorker('eng', OEM.LSTM_ONLY, {
          langPath: eng.langPath,
          gzip: eng.gzip,
          cacheMethod: 'none',
          // Without a handler tesseract.js rethrows a job's failure as an uncaught exception in the caller's
          // process; the job's own promise carries it anyway.
          errorHandler: () => undefined,
        }),
      ),
    );
    for (const w of workers) s.addWorker(w);
    return s;
  }

  return {
    size,
    async recognize(image) {
      if (stopped) throw new Error('The OCR pool has been stopped.');
      scheduler ??= start().catch((err: unknown) => {
        scheduler = undefined;
        throw err;
      });
      const s = await scheduler;
      try {
        const { data } = await s.addJob('recognize', image);
        return { text: data.text ?? '', confidence: data.confidence ?? 0 };
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        if (/read image|image format|pix|libpng|jpeg/i.test(message)) throw new UnreadableImageError(message.replace(/^Error:\s*/, ''));
        throw err;
      }
    },
    async stop() {
      stopped = true;
      const s = await scheduler?.catch(() => undefined);
      scheduler = undefined;
      await s?.terminate();
    },
  };
}
