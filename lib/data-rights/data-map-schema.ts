import { z } from 'zod';
import type { SubjectKind } from './subject';

// The data map file's shape (config/data-map.yaml). Names become SQL identifiers, so they are checked
// here, once, against a strict pattern; the SQL builders still quote them.
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
const identifier = z.string().regex(IDENTIFIER, 'must be a lower-case SQL name (letters, digits, _)');
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000, y: 365 * 86_400_000 } as const;
/** '180d', '2y', '12w' (or 'none': kept until erased) as milliseconds; null for none. */
const period = z.union([z.literal('none'), z.string().regex(/^\d+(s|m|h|d|w|y)$/, "must be a period like 30d, 12w, 2y, or 'none'")]).transform((v) => {
  if (v === 'none') return null;
  const unit = v.slice(-1) as keyof typeof UNIT_MS;
  return Number(v.slice(0, -1)) * UNIT_MS[unit];
});

export const COLUMN_STRATEGIES = ['set_null', 'pseudonymise', 'keep'] as const;
export type ColumnStrategy = (typeof COLUMN_STRATEGIES)[number];

const sourceSchema = z.strictObject({
  /** Environment variable holding the PostgreSQL URL. */
  url_env: z.string().regex(ENV_NAME, 'must be an environment variable name (A-Z, 0-9, _)'),
  /** Used when url_env is unset (the sample platform shares Warden's own database). */
  fallback_url_env: z.string().regex(ENV_NAME, 'must be an environment variable name (A-Z, 0-9, _)').optional(),
  schema: identifier.default('public'),
  /** Warden creates (and, when empty, seeds) the sample platform schema in this source at start-up. */
  sample: z.boolean().default(false),
});

const recordTypeSchema = z.strictObject({
  /** Records older than this are deleted or anonymised by the retention schedule. */
  retention: period,
  /** Records younger than this are required (abuse investigation, tax law): erasure keeps them. */
  minimum_retention: period.prefault('none'),
  description: z.string().optional(),
});

const columnErasureSchema = z.strictObject({
  columns: z.record(identifier, z.enum(COLUMN_STRATEGIES, { error: `must be one of ${COLUMN_STRATEGIES.join(', ')}` })),
});
type ColumnErasure = z.output<typeof columnErasureSchema>;

// Not a z.union: a union reports only "Invalid input", and the person editing the map needs to know which part is wrong.
const erasureSchema = z.unknown().transform((value, ctx): 'delete_row' | 'keep' | ColumnErasure => {
  if (value === 'delete_row' || value === 'keep') return value;
  if (typeof value !== 'object' || value === null) {
    ctx.addIssue({ code: 'custom', message: `must be delete_row, keep, or { columns: { <column>: set_null | pseudonymise | keep } }; got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  const parsed = columnErasureSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path as PropertyKey[] });
  return z.NEVER;
});

const tableSchema = z.strictObject({
  source: identifier,
  table: identifier,
  record_type: identifier,
  primary_key: identifier,
  /** The timestamp retention counts from. */
  created_at: identifier.optional(),
  /** The columns that identify a subject, by kind. */
  subject: z.strictObject({ email: identifier.optional(), end_user_id: identifier.optional(), slack_id: identifier.optional() }).default({}),
  /** This table ties a subject's identifiers together (an email to an end-user id): used to find all of them. */
  links_identifiers: z.boolean().default(false),
  /** Rows that belong to the subject because the row they point at does (messages through their conversation). */
  relations: z.array(z.strictObject({ column: identifier, references: z.string().regex(/^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/, 'must be table.column') })).default([]),
  /** The column naming the conversation a row belongs to, so a hold on that conversation covers it. */
  hold_conversation: identifier.optional(),
  personal_data: z.array(identifier).default([]),
  erasure: erasureSchema,
  /** Why the strategy is what it is; shown in erasure reports for `keep`. */
  note: z.string().optional(),
});

export const dataMapFileSchema = z.strictObject({
  version: z.literal(1, { error: 'must be 1' }),
  sources: z.record(identifier, sourceSchema),
  record_types: z.record(identifier, recordTypeSchema),
  tables: z.array(tableSchema).min(1, 'must list at least one table'),
});

export type DataMapFile = z.output<typeof dataMapFileSchema>;

export type Erasure = { kind: 'delete_row' } | { kind: 'keep' } | { kind: 'columns'; columns: Record<string, ColumnStrategy> };

export interface SourceSpec {
  name: string;
  urlEnv: string;
  fallbackUrlEnv?: string;
  schema: string;
  sample: boolean;
}

export interface RecordTypeSpec {
  name: string;
  /** null: no maximum; kept until erased. */
  retentionMs: number | null;
  /** null: nothing requires keeping it. */
  minimumRetentionMs: number | null;
}

export interface TableSpec {
  /** "source.table", as reports name it. */
  id: string;
  source: string;
  schema: string;
  table: string;
  recordType: string;
  primaryKey: string;
  createdAt?: string;
  subject: Partial<Record<SubjectKind, string>>;
  linksIdentifiers: boolean;
  relations: Array<{ column: string; table: string; references: string }>;
  holdConversation?: string;
  personalData: string[];
  erasure: Erasure;
  note?: string;
}

export interface DataMap {
  /** The file it was read from (for messages). */
  file: string;
  sources: Record<string, SourceSpec>;
  recordTypes: Record<string, RecordTypeSpec>;
  tables: TableSpec[];
}
