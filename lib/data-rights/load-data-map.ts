import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { ERROR_CODES, WardenError } from '../errors';
import { dataMapFileSchema, type DataMap, type DataMapFile, type TableSpec } from './data-map-schema';
import type { SubjectKind } from './subject';

export interface DataMapProblem {
  line: number;
  column: number;
  /** The field, as a path: tables[1].erasure.columns.email */
  field: string;
  message: string;
}

/** A data map that cannot be used; the message names the file, line and field of every problem. */
export class DataMapError extends WardenError {
  constructor(
    readonly file: string,
    readonly problems: DataMapProblem[],
  ) {
    super(
      ERROR_CODES.config,
      `The data map ${file} is invalid:\n${problems.map((p) => `  - ${file}:${p.line}:${p.column} ${p.field}: ${p.message}`).join('\n')}`,
      { file, problems },
    );
    this.name = 'DataMapError';
  }
}

/** Reads and checks the data map; throws DataMapError naming line and field of each problem. */
export function loadDataMap(file: string): DataMap {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new DataMapError(file, [{ line: 0, column: 0, field: '(file)', message: `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` }]);
  }
  return parseDataMap(text, file);
}

export function parseDataMap(text: string, file = '(data map)'): DataMap {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new DataMapError(
      file,
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { line: pos.line, column: pos.col, field: '(yaml)', message: e.message.split('\n')[0]! };
      }),
    );
  }
  const parsed = dataMapFileSchema.superRefine(crossCheck).safeParse(doc.toJS());
  if (!parsed.success) throw new DataMapError(file, parsed.error.issues.map((issue) => locate(doc, lineCounter, issue)));
  return normalise(parsed.data, file);
}

/** Finds the YAML node an issue's path points at, or its nearest ancestor when the field is missing. */
function locate(doc: Document, lines: LineCounter, issue: z.core.$ZodIssue): DataMapProblem {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  // A record's bad key is reported on the key itself (zod puts it in `keys`).
  const keys = (issue as { keys?: string[] }).keys;
  const fullPath = issue.code === 'unrecognized_keys' && keys?.length ? [...path, keys[0]!] : path;
  let offset = 0;
  for (let depth = fullPath.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(fullPath.slice(0, depth), true);
    if (isNode(node) && node.range) {
      offset = keyOffset(doc, fullPath.slice(0, depth)) ?? node.range[0];
      break;
    }
  }
  const pos = lines.linePos(offset);
  const message =
    issue.code === 'unrecognized_keys' && keys?.length
      ? `unknown field${keys.length > 1 ? 's' : ''} ${keys.join(', ')}`
      : issue.code === 'invalid_type' && /received undefined/.test(issue.message)
        ? 'is required'
        : issue.message;
  return { line: pos.line, column: pos.col, field: fieldName(fullPath), message };
}

/** Where the key of a mapping entry starts, so a bad value is reported on the line that names it. */
function keyOffset(doc: Document, path: Array<string | number>): number | undefined {
  if (path.length === 0) return undefined;
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  const items = (parent as { items?: Array<{ key?: { value?: unknown; range?: [number, number, number] } }> } | null)?.items;
  const pair = items?.find((item) => item.key?.value === path[path.length - 1]);
  return pair?.key?.range?.[0];
}

function fieldName(path: Array<string | number>): string {
  if (path.length === 0) return '(top level)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** Rules that span fields: names that must refer to something declared elsewhere in the map. */
function crossCheck(m: DataMapFile, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  const tablesBySource = new Map<string, Set<string>>();
  for (const t of m.tables) (tablesBySource.get(t.source) ?? tablesBySource.set(t.source, new Set()).get(t.source)!).add(t.table);
  m.tables.forEach((t, i) => {
    const at = (...rest: Array<string | number>) => ['tables', i, ...rest];
    const problem = (path: Array<string | number>, message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (!m.sources[t.source]) problem(at('source'), `no source named ${t.source} (declared: ${Object.keys(m.sources).join(', ') || 'none'})`);
    const recordType = m.record_types[t.record_type];
    if (!recordType) problem(at('record_type'), `no record type named ${t.record_type} under record_types`);
    const id = `${t.source}.${t.table}`;
    if (seen.has(id)) problem(at('table'), `${id} is listed twice`);
    seen.add(id);
    const subjectColumns = Object.values(t.subject).filter((c): c is string => Boolean(c));
    if (subjectColumns.length === 0 && t.relations.length === 0) problem(at('subject'), 'name at least one subject column (email, end_user_id, slack_id) or a relation');
    if (t.links_identifiers && subjectColumns.length < 2) problem(at('links_identifiers'), 'a table that links identifiers needs at least two subject columns');
    t.relations.forEach((r, j) => {
      const [table] = r.references.split('.');
      if (!tablesBySource.get(t.source)?.has(table!)) problem(at('relations', j, 'references'), `no table ${table} in source ${t.source} in this map`);
    });
    if (recordType && (recordType.retention !== null || recordType.minimum_retention !== null) && !t.created_at) {
      problem(at('created_at'), `record type ${t.record_type} has a retention period, so name the timestamp column it counts from`);
    }
    if (typeof t.erasure === 'object') {
      for (const column of t.personal_data) {
        if (!t.erasure.columns[column]) problem(at('erasure', 'columns'), `personal-data column ${column} has no strategy (set_null, pseudonymise or keep)`);
      }
      for (const column of Object.keys(t.erasure.columns)) {
        if (!t.personal_data.includes(column) && !subjectColumns.includes(column)) {
          problem(at('erasure', 'columns', column), `${column} is neither a personal-data nor a subject column of ${t.table}`);
        }
      }
    }
  });
}

function normalise(m: DataMapFile, file: string): DataMap {
  const sources = Object.fromEntries(
    Object.entries(m.sources).map(([name, s]) => [name, { name, urlEnv: s.url_env, fallbackUrlEnv: s.fallback_url_env, schema: s.schema, sample: s.sample }]),
  );
  const recordTypes = Object.fromEntries(
    Object.entries(m.record_types).map(([name, r]) => [name, { name, retentionMs: r.retention, minimumRetentionMs: r.minimum_retention }]),
  );
  const tables: TableSpec[] = m.tables.map((t) => ({
    id: `${t.source}.${t.table}`,
    source: t.source,
    schema: sources[t.source]!.schema,
    table: t.table,
    recordType: t.record_type,
    primaryKey: t.primary_key,
    createdAt: t.created_at,
    subject: Object.fromEntries(Object.entries(t.subject).filter(([, c]) => c)) as Partial<Record<SubjectKind, string>>,
    linksIdentifiers: t.links_identifiers,
    relations: t.relations.map((r) => ({ column: r.column, table: r.references.split('.')[0]!, references: r.references.split('.')[1]! })),
    holdConversation: t.hold_conversation,
    personalData: t.personal_data,
    erasure: typeof t.erasure === 'string' ? { kind: t.erasure } : { kind: 'columns', columns: t.erasure.columns },
    note: t.note,
  }));
  return Object.freeze({ file, sources, recordTypes, tables });
}
