import { INGEST_MODAL_BLOCKS, INGEST_MODAL_CALLBACK_ID, MAX_MODAL_FILES, type IngestModalMetadata } from '../inputs/ingest-modal-input';

// file_input filters by extension in the Slack client only; Warden checks every file's content itself.
const FILE_TYPES = ['png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp', 'tif', 'tiff', 'pdf', 'txt', 'md', 'mp3', 'wav', 'm4a', 'aac', 'ogg', 'flac', 'mp4', 'mov', 'webm'];

const plain = (text: string) => ({ type: 'plain_text' as const, text });

/** The ingestion modal; `usage` is the hosted usage and who pays, filled in right after the modal opens. */
export function ingestModal(meta: IngestModalMetadata, limits: { maxDepth: number; maxPages: number }, usage = ':hourglass_flowing_sand: Reading this month\'s hosted usage…') {
  const depths = Array.from({ length: limits.maxDepth + 1 }, (_, d) => ({ text: plain(d === 0 ? '0 (that page only)' : `${d}`), value: String(d) }));
  return {
    type: 'modal' as const,
    callback_id: INGEST_MODAL_CALLBACK_ID,
    private_metadata: JSON.stringify(meta),
    title: plain('Ingest knowledge'),
    submit: plain('Ingest'),
    close: plain('Cancel'),
    blocks: [
      { type: 'section', block_id: INGEST_MODAL_BLOCKS.usage, text: { type: 'mrkdwn', text: usage } },
      {
        type: 'input',
        block_id: INGEST_MODAL_BLOCKS.files,
        optional: true,
        label: plain('Files'),
        hint: plain('Images, PDFs, text and markdown, audio and video. Images and scans get OCR.'),
        element: { type: 'file_input', action_id: 'files', filetypes: FILE_TYPES, max_files: MAX_MODAL_FILES },
      },
      {
        type: 'input',
        block_id: INGEST_MODAL_BLOCKS.url,
        optional: true,
        label: plain('Website to crawl'),
        element: { type: 'plain_text_input', action_id: 'url', placeholder: plain('https://docs.example.com/') },
      },
      {
        type: 'input',
        block_id: INGEST_MODAL_BLOCKS.options,
        optional: true,
        label: plain('Options'),
        element: {
          type: 'checkboxes',
          action_id: 'options',
          options: [{ text: plain('Gemini vision: also describe images'), value: 'vision', description: plain('Uses the org Gemini key, else hosted quota') }],
        },
      },
      {
        type: 'input',
        block_id: INGEST_MODAL_BLOCKS.depth,
        label: plain('Crawl depth (links followed)'),
        element: { type: 'static_select', action_id: 'depth', options: depths, initial_option: depths[Math.min(1, limits.maxDepth)] },
      },
      {
        type: 'input',
        block_id: INGEST_MODAL_BLOCKS.pages,
        optional: true,
        label: plain('Crawl page limit'),
        element: { type: 'number_input', action_id: 'pages', is_decimal_allowed: false, min_value: '1', max_value: String(limits.maxPages), initial_value: String(Math.min(20, limits.maxPages)) },
      },
    ],
  };
}
