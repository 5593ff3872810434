// OCR throughput: Warden's tesseract.js worker pool (WebAssembly, one worker per core) next to the native
// `tesseract` command on the same images with the same parallelism, measured in the same run. Goal: ≥ 0.67x.
//   npx tsx bench/ocr-pool.ts        (BENCH_PAGES=24 images, BENCH_PARALLEL=cores)
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createOcrPool } from '../lib/ingestion/ocr-pool';
import { textPng } from '../test/helpers/ingestion-media';

const run = promisify(execFile);
const PAGES = Number(process.env.BENCH_PAGES ?? 24);
const PARALLEL = Number(process.env.BENCH_PARALLEL ?? availableParallelism());
const LINES = ['Quarterly revenue grew by twelve percent', 'Support tickets fell after the release', 'Invoices are due within thirty days', 'The refund policy covers five working days'];

async function main(): Promise<void> {
  execFileSync('bash', [path.join(__dirname, 'support/ensure-tesseract.sh')], { stdio: 'inherit' });
  const version = execFileSync('tesseract', ['--version'], { encoding: 'utf8' }).split('\n')[0];
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-ocr-bench-'));
  try {
    const images = await Promise.all(Array.from({ length: PAGES }, (_, i) => textPng([`Page ${i + 1}`, ...LINES], { scale: 2 })));
    const files = images.map((png, i) => {
      const file = path.join(dir, `page-${i}.png`);
      writeFileSync(file, png);
      return file;
    });
    console.log(`OCR of ${PAGES} generated pages (${images[0]!.length} bytes each, ~830×330 px), ${PARALLEL} at a time; native: ${version}`);

    const pool = createOcrPool({ size: PARALLEL });
    await pool.recognize(images[0]!); // start the workers and load the model: once per process, not per page
    const poolStart = performance.now();
    const texts = await inParallel(images, PARALLEL, (png) => pool.recognize(png).then((r) => r.text));
    const poolSeconds = (performance.now() - poolStart) / 1000;
    await pool.stop();

    // OMP_THREAD_LIMIT=1: one thread per process, so "same parallelism" means the same number of busy cores.
    await run('tesseract', [files[0]!, '-', '-l', 'eng', '--oem', '1'], { env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
    const nativeStart = performance.now();
    const native = await inParallel(files, PARALLEL, async (file) => (await run('tesseract', [file, '-', '-l', 'eng', '--oem', '1'], { env: { ...process.env, OMP_THREAD_LIMIT: '1' } })).stdout);
    const nativeSeconds = (performance.now() - nativeStart) / 1000;

    const agree = texts.filter((t, i) => norm(t) === norm(native[i]!)).length;
    const poolRate = PAGES / poolSeconds;
    const nativeRate = PAGES / nativeSeconds;
    console.log(`  tesseract.js pool : ${poolRate.toFixed(2)} pages/s (${poolSeconds.toFixed(1)} s)`);
    console.log(`  native tesseract  : ${nativeRate.toFixed(2)} pages/s (${nativeSeconds.toFixed(1)} s)`);
    console.log(`  ratio             : ${(poolRate / nativeRate).toFixed(2)}x (goal ≥ 0.67x) — ${poolRate / nativeRate >= 0.67 ? 'met' : 'NOT met'}`);
    console.log(`  same text on ${agree} of ${PAGES} pages`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function inParallel<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

const norm = (t: string) => t.replace(/\s+/g, ' ').trim();

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
