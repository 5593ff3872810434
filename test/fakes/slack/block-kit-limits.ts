/**
 * The Block Kit limits Slack enforces, answered with the error bodies Slack really returns (see
 * shared/fixtures/slack: webapi-chat.postMessage-invalid_blocks-*.json and
 * webapi-views.open-invalid_arguments-*.json). Messages and views fail differently: chat.* answer
 * `invalid_blocks` with `errors` + `response_metadata.messages`; views.* answer `invalid_arguments`
 * with `response_metadata.messages` only. Slack has no `too_many_blocks` code.
 *
 * Messages marked "inferred" follow the observed json-pointer pattern for a field Slack documents a
 * limit on but whose exact wording is not in the corpus.
 */
export type SlackErrorBody = {
  ok: false;
  error: string;
  errors?: string[];
  response_metadata?: { messages: string[] };
};

const MESSAGE_MAX_BLOCKS = 50; // reference/block-kit/blocks: "up to 50 blocks in each message"
const VIEW_MAX_BLOCKS = 100; // same page: "100 blocks in modals or Home tabs"
const SECTION_TEXT_MAX = 3000; // reference/block-kit/blocks#section: text 1–3000 characters
const ACTIONS_MAX_ELEMENTS = 25; // actions block: up to 25 elements (observed error)
const VIEW_LABEL_MAX = 24; // surfaces/modals: title, submit and close "Max length 24 characters"
const PRIVATE_METADATA_MAX = 3000; // surfaces/modals: private_metadata max 3000 characters

/** chat.postMessage / chat.update / chat.postEphemeral. */
export function checkMessageBlocks(blocks: unknown): SlackErrorBody | undefined {
  if (blocks === undefined) return undefined;
  // chat.postMessage docs: invalid_blocks_format — "not a valid JSON object or doesn't match the Block Kit syntax".
  if (!Array.isArray(blocks)) return { ok: false, error: 'invalid_blocks_format' };
  const problems = blockProblems(blocks, '', MESSAGE_MAX_BLOCKS);
  if (problems.length === 0) return undefined;
  return { ok: false, error: 'invalid_blocks', errors: problems, response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) } };
}

/** views.open / views.update / views.push: a modal. */
export function checkModalView(view: unknown): SlackErrorBody | undefined {
  if (typeof view !== 'object' || view === null || Array.isArray(view)) return invalidArguments([]);
  const v = view as Record<string, unknown>;
  const problems: string[] = [];
  if (v.type !== 'modal') problems.push('must be one of "modal" [json-pointer:/view/type]'); // inferred
  if (!isText(v.title)) problems.push('missing required field: title [json-pointer:/view]'); // inferred
  for (const field of ['title', 'submit', 'close'] as const) {
    const text = textOf(v[field]);
    if (text !== undefined && text.length > VIEW_LABEL_MAX) {
      // Observed for title: "must be less than 25 characters [json-pointer:/view/title/text]".
      problems.push(`must be less than ${VIEW_LABEL_MAX + 1} characters [json-pointer:/view/${field}/text]`);
    }
  }
  if (typeof v.private_metadata === 'string' && v.private_metadata.length > PRIVATE_METADATA_MAX) {
    problems.push(`must be less than ${PRIVATE_METADATA_MAX + 1} characters [json-pointer:/view/private_metadata]`); // inferred
  }
  if (!Array.isArray(v.blocks)) {
    problems.push('missing required field: blocks [json-pointer:/view]'); // inferred
  } else {
    problems.push(...blockProblems(v.blocks, '/view', VIEW_MAX_BLOCKS));
    // surfaces/modals: submit is required when the view contains an input block.
    if (!isText(v.submit) && v.blocks.some((b) => isRecord(b) && b.type === 'input')) {
      problems.push('missing required field: submit [json-pointer:/view]'); // inferred
    }
  }
  return problems.length === 0 ? undefined : invalidArguments(problems);
}

function blockProblems(blocks: unknown[], prefix: string, maxBlocks: number): string[] {
  // Observed: "no more than 50 items allowed [json-pointer:/blocks]" and
  // "no more than 100 items allowed [json-pointer:/view/blocks]".
  if (blocks.length > maxBlocks) return [`no more than ${maxBlocks} items allowed [json-pointer:${prefix}/blocks]`];
  const problems: string[] = [];
  blocks.forEach((block, i) => {
    const at = `${prefix}/blocks/${i}`;
    if (!isRecord(block) || typeof block.type !== 'string') {
      problems.push(`missing required field: type [json-pointer:${at}]`); // inferred
      return;
    }
    const sectionText = block.type === 'section' ? textOf(block.text) : undefined;
    if (sectionText !== undefined && sectionText.length > SECTION_TEXT_MAX) {
      // Observed pair, in this order, for a 3001+ character section text.
      problems.push(`failed to match all allowed schemas [json-pointer:${at}/text]`);
      problems.push(`must be less than ${SECTION_TEXT_MAX + 1} characters [json-pointer:${at}/text/text]`);
    }
    if (block.type === 'actions' && Array.isArray(block.elements) && block.elements.length > ACTIONS_MAX_ELEMENTS) {
      problems.push(`no more than ${ACTIONS_MAX_ELEMENTS} items allowed [json-pointer:${at}/elements]`);
    }
  });
  return problems;
}

function invalidArguments(problems: string[]): SlackErrorBody {
  return { ok: false, error: 'invalid_arguments', response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textOf(value: unknown): string | undefined {
  return isRecord(value) && typeof value.text === 'string' ? value.text : undefined;
}

function isText(value: unknown): boolean {
  return textOf(value) !== undefined;
}
