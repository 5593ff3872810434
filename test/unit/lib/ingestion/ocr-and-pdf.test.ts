// Real Tesseract (WebAssembly) and real PDFium on images and PDFs the test makes, checked by their content.
import { createOcrPool, UnreadableImageError } from '../../../../lib/ingestion/ocr-pool';
import { createPdfReader, UnreadablePdfError } from '../../../../lib/ingestion/pdf-reader';
import { blankPng, scannedPdf, textPdf, textPng } from '../../../helpers/ingestion-media';

const ocr = createOcrPool({ size: 2 });
const pdfs = createPdfReader({ ocr });

afterAll(async () => {
  pdfs.stop();
  await ocr.stop();
});

const words = (text: string) => text.replace(/\s+/g, ' ').trim();

test('OCR reads the text of an image, and several images share the pool', async () => {
  const [a, b, c] = await Promise.all([
    textPng(['Quarterly revenue grew by 12 percent']).then((png) => ocr.recognize(png)),
    textPng(['Invoice 4471 is overdue']).then((png) => ocr.recognize(png)),
    textPng(['Support hours are nine to five']).then((png) => ocr.recognize(png)),
  ]);
  expect(words(a!.text)).toBe('Quarterly revenue grew by 12 percent');
  expect(words(b!.text)).toBe('Invoice 4471 is overdue');
  expect(words(c!.text)).toBe('Support hours are nine to five');
  expect(a!.confidence).toBeGreaterThan(70);
}, 60_000);

test('a blank image has no text, and a broken one is unreadable', async () => {
  expect(words((await ocr.recognize(blankPng())).text)).toBe('');
  const truncated = (await textPng(['cut short'])).subarray(0, 120);
  await expect(ocr.recognize(truncated)).rejects.toBeInstanceOf(UnreadableImageError);
}, 60_000);

test('a PDF gives its embedded text where there is some and OCR of the rendered page where there is none', async () => {
  const typed = await pdfs.read(await textPdf([['Chapter one: the refund policy', 'Refunds take five working days'], ['Chapter two: shipping']]), {});
  expect(typed.pageCount).toBe(2);
  expect(typed.pages.map((p) => [p.page, p.method, words(p.text)])).toEqual([
    [1, 'pdf_text', 'Chapter one: the refund policy Refunds take five working days'],
    [2, 'pdf_text', 'Chapter two: shipping'],
  ]);

  const seen: number[] = [];
  const scanned = await pdfs.read(await scannedPdf([['Scanned contract page one'], ['Signed by both parties']]), { onPage: (done) => seen.push(done) });
  expect(scanned.pages.map((p) => [p.page, p.method, words(p.text)])).toEqual([
    [1, 'ocr', 'Scanned contract page one'],
    [2, 'ocr', 'Signed by both parties'],
  ]);
  expect(seen).toEqual([1, 2]);
  await expect(pdfs.read(Buffer.from('%PDF-1.7 but nothing else'), {})).rejects.toBeInstanceOf(UnreadablePdfError);
}, 90_000);
