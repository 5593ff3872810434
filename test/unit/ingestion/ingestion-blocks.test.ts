import { ingestionProgressMessage, ingestionSummaryMessage } from '../../../lib/slack/blocks/ingestion';
import type { IngestionProgressView, ItemOutcome } from '../../../lib/contracts';
import { checkMessageBlocks } from '../../fakes/slack/block-kit-limits';
import { parseUsageCommand } from '../../../bot/inputs/ingest-command';

const outcome = (index: number, over: Partial<ItemOutcome> = {}): ItemOutcome => ({
  index,
  label: `report-${index} <!channel> & co.pdf`,
  status: 'done',
  methods: ['pdf_text', 'ocr'],
  pages: 12,
  chars: 24_000,
  chunks: 16,
  costs: [],
  notes: ['3 of 12 pages had no readable text.'],
  ...over,
});

const view = (outcomes: ItemOutcome[]): IngestionProgressView => ({
  actorSlackId: 'U0BUILDER01',
  total: outcomes.length,
  done: outcomes.length,
  running: 0,
  pages: 0,
  chars: 0,
  outcomes,
  finished: true,
  runUrl: 'http://localhost:8233/namespaces/default/workflows/ingest%3AT1%3AV1',
});

test('the summary of a large ingestion stays within Slack\'s limits and escapes what people named', () => {
  const many = Array.from({ length: 800 }, (_, i) =>
    outcome(i, i % 3 === 0 ? { status: 'failed', failure: { reason: 'x'.repeat(400), remedy: 'Upload a clearer scan.' } } : { costs: [{ feature: 'image_recognition', units: 1, payer: 'hosted' }] }),
  );
  const summary = ingestionSummaryMessage(view(many));
  expect(checkMessageBlocks(summary.blocks)).toBeUndefined();
  const text = JSON.stringify(summary.blocks);
  expect(text).not.toContain('<!channel>');
  expect(text).toContain('&lt;!channel&gt; &amp; co.pdf');
  expect(text).toContain('1 images of hosted image recognition quota');
  expect(text).toContain('More items than Slack shows');
  expect(checkMessageBlocks(ingestionProgressMessage(view(many)).blocks)).toBeUndefined();
});

test('usage commands name what is wrong', () => {
  expect(parseUsageCommand([])).toEqual({ ok: true, command: { kind: 'usage.show' } });
  expect(parseUsageCommand(['limit', 'media', '600'])).toEqual({ ok: true, command: { kind: 'usage.limit', feature: 'media_transcription', monthlyLimit: 600 } });
  expect(parseUsageCommand(['limit', 'gpus', '1'])).toMatchObject({ ok: false, message: expect.stringContaining('Name the feature') });
  expect(parseUsageCommand(['limit', 'images', '-3'])).toMatchObject({ ok: false, message: expect.stringContaining('whole number') });
});
