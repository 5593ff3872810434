import { z } from 'zod';
import { INGEST_MODAL_CALLBACK_ID, type IngestItemSpec, type IngestOptions } from '../../lib/contracts';
import { refusePersonUrl, type AllowedHosts } from '../../lib/net';

export { INGEST_MODAL_CALLBACK_ID };

export const INGEST_MODAL_BLOCKS = {
  files: 'ingest_files',
  url: 'ingest_url',
  options: 'ingest_options',
  depth: 'ingest_depth',
  pages: 'ingest_pages',
  usage: 'ingest_usage',
} as const;

export const MAX_MODAL_FILES = 10;

const metadataSchema = z.object({ channelId: z.string().regex(/^[CGD][A-Z0-9]+$/) });
export type IngestModalMetadata = z.infer<typeof metadataSchema>;

export function parseIngestModalMetadata(raw: string | undefined): IngestModalMetadata | null {
  try {
    return metadataSchema.safeParse(JSON.parse(raw ?? '')).data ?? null;
  } catch {
    return null;
  }
}

// state.values as Slack sends them: unselected inputs carry null, an empty file_input may be [] or missing.
const fileSchema = z.object({ id: z.string().regex(/^F[A-Z0-9]+$/), name: z.string().optional(), title: z.string().optional() });
const stateSchema = z.object({
  [INGEST_MODAL_BLOCKS.files]: z.object({ files: z.object({ files: z.array(fileSchema).nullish() }).partial() }).partial().optional(),
  [INGEST_MODAL_BLOCKS.url]: z.object({ url: z.object({ value: z.string().nullish() }).partial() }).partial().optional(),
  [INGEST_MODAL_BLOCKS.options]: z.object({ options: z.object({ selected_options: z.array(z.object({ value: z.string() })).nullish() }).partial() }).partial().optional(),
  [INGEST_MODAL_BLOCKS.depth]: z.object({ depth: z.object({ selected_option: z.object({ value: z.string() }).nullish() }).partial() }).partial().optional(),
  [INGEST_MODAL_BLOCKS.pages]: z.object({ pages: z.object({ value: z.string().nullish() }).partial() }).partial().optional(),
});

export type IngestForm = { ok: true; items: IngestItemSpec[]; options: IngestOptions } | { ok: false; errors: Record<string, string> };

/** The submitted form → items and options, or an error under each field that is wrong. Files are checked later, by content. */
export function parseIngestModal(values: unknown, limits: { maxDepth: number; maxPages: number }, allowed: AllowedHosts): IngestForm {
  const parsed = stateSchema.safeParse(values);
  if (!parsed.success) return { ok: false, errors: { [INGEST_MODAL_BLOCKS.files]: 'This form is out of date. Close it and run /warden ingest again.' } };
  const v = parsed.data;
  const errors: Record<string, string> = {};
  const files = v[INGEST_MODAL_BLOCKS.files]?.files?.files ?? [];
  const url = v[INGEST_MODAL_BLOCKS.url]?.url?.value?.trim() ?? '';
  const depth = Number(v[INGEST_MODAL_BLOCKS.depth]?.depth?.selected_option?.value ?? 1);
  const pagesText = v[INGEST_MODAL_BLOCKS.pages]?.pages?.value?.trim() ?? '';
  const pageLimit = pagesText ? Number(pagesText) : Math.min(20, limits.maxPages);
  if (files.length === 0 && !url) errors[INGEST_MODAL_BLOCKS.files] = 'Add files, or give a website address below.';
  if (files.length > MAX_MODAL_FILES) errors[INGEST_MODAL_BLOCKS.files] = `At most ${MAX_MODAL_FILES} files at a time.`;
  if (url) {
    const problem = urlProblem(url, allowed);
    if (problem) errors[INGEST_MODAL_BLOCKS.url] = problem;
  }
  if (!Number.isInteger(depth) || depth < 0 || depth > limits.maxDepth) errors[INGEST_MODAL_BLOCKS.depth] = `Pick a depth from 0 to ${limits.maxDepth}.`;
  if (!Number.isInteger(pageLimit) || pageLimit < 1 || pageLimit > limits.maxPages) errors[INGEST_MODAL_BLOCKS.pages] = `A whole number of pages from 1 to ${limits.maxPages}.`;
  if (Object.keys(errors).length) return { ok: false, errors };
  const items: IngestItemSpec[] = files.map((f) => ({ kind: 'slack_file', fileId: f.id, name: (f.name ?? f.title ?? f.id).slice(0, 200) }));
  if (url) items.push({ kind: 'crawl', url });
  const vision = (v[INGEST_MODAL_BLOCKS.options]?.options?.selected_options ?? []).some((o) => o.value === 'vision');
  return { ok: true, items, options: { vision, crawlDepth: depth, pageLimit } };
}

function urlProblem(text: string, allowed: AllowedHosts): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'Give a full address, such as https://docs.example.com/.';
  }
  if (url.username || url.password) return 'Leave credentials out of the address.';
  // Slack errors are short: the refusal's first sentence says what is wrong.
  return refusePersonUrl(url.toString(), allowed)?.message.split(': ')[1]?.slice(0, 150) ?? undefined;
}
