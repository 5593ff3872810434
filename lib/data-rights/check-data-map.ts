import type { DataMap, TableSpec } from './data-map-schema';
import type { PlatformSources } from './platform-sources';

export interface DataMapCheck {
  /** Columns and tables the map names that the database does not have, or cannot hold what the map asks. */
  problems: string[];
  /** Sources that could not be asked (a database down at start is not a mistake in the map). */
  unreachable: Array<{ source: string; error: string }>;
}

// Pseudonymising writes `psn_…` into the column: only a text column can hold it.
const TEXT_TYPES = new Set(['text', 'character varying', 'character', 'citext']);

/**
 * Checks the data map against the databases it describes: every table and every column it names exists, and
 * every column it pseudonymises is text. The file's own errors are found when it is read; these are found
 * at start, so a typo surfaces then, not in the middle of a data-subject request with a legal deadline.
 */
export async function checkDataMap(map: DataMap, sources: PlatformSources): Promise<DataMapCheck> {
  const problems: string[] = [];
  const unreachable: DataMapCheck['unreachable'] = [];
  for (const source of new Set(map.tables.map((t) => t.source))) {
    const tables = map.tables.filter((t) => t.source === source);
    let columns: Map<string, Map<string, string>>;
    try {
      columns = await readColumns(sources, source, tables);
    } catch (err) {
      unreachable.push({ source, error: err instanceof Error ? err.message : String(err) });
      continue;
    }
    for (const t of tables) {
      const at = `tables[${map.tables.indexOf(t)}] (${t.schema}.${t.table})`;
      const own = columns.get(`${t.schema}.${t.table}`);
      if (!own) {
        problems.push(`${map.file}: ${at}: source ${source} has no table ${t.schema}.${t.table}`);
        continue;
      }
      for (const [field, column] of namedColumns(t)) {
        if (!own.has(column)) problems.push(`${map.file}: ${at}.${field}: ${t.schema}.${t.table} has no column ${column}`);
      }
      t.relations.forEach((r, j) => {
        const target = tables.find((x) => x.table === r.table);
        const targetColumns = target && columns.get(`${target.schema}.${target.table}`);
        if (targetColumns && !targetColumns.has(r.references)) {
          problems.push(`${map.file}: ${at}.relations[${j}].references: ${target.schema}.${target.table} has no column ${r.references}`);
        }
      });
      if (t.erasure.kind === 'columns') {
        for (const [column, strategy] of Object.entries(t.erasure.columns)) {
          const type = own.get(column);
          if (strategy === 'pseudonymise' && type && !TEXT_TYPES.has(type)) {
            problems.push(`${map.file}: ${at}.erasure.columns.${column}: pseudonymise needs a text column; ${column} is ${type} (use set_null, or keep)`);
          }
        }
      }
    }
  }
  return { problems, unreachable };
}

/** Every column the table's entry names, with the field that names it. */
function namedColumns(t: TableSpec): Array<[string, string]> {
  const named: Array<[string, string]> = [['primary_key', t.primaryKey]];
  if (t.createdAt) named.push(['created_at', t.createdAt]);
  for (const [kind, column] of Object.entries(t.subject)) if (column) named.push([`subject.${kind}`, column]);
  t.relations.forEach((r, j) => named.push([`relations[${j}].column`, r.column]));
  if (t.holdConversation) named.push(['hold_conversation', t.holdConversation]);
  t.personalData.forEach((c, j) => named.push([`personal_data[${j}]`, c]));
  if (t.erasure.kind === 'columns') for (const column of Object.keys(t.erasure.columns)) named.push([`erasure.columns.${column}`, column]);
  return named;
}

async function readColumns(sources: PlatformSources, source: string, tables: TableSpec[]): Promise<Map<string, Map<string, string>>> {
  const { rows } = await sources.pool(source).query<{ table_schema: string; table_name: string; column_name: string; data_type: string }>(
    `SELECT table_schema, table_name, column_name, CASE WHEN data_type = 'USER-DEFINED' THEN udt_name ELSE data_type END AS data_type
       FROM information_schema.columns
      WHERE (table_schema || '.' || table_name) = ANY($1::text[])`,
    [tables.map((t) => `${t.schema}.${t.table}`)],
  );
  const byTable = new Map<string, Map<string, string>>();
  for (const r of rows) {
    const key = `${r.table_schema}.${r.table_name}`;
    if (!byTable.has(key)) byTable.set(key, new Map());
    byTable.get(key)!.set(r.column_name, r.data_type);
  }
  return byTable;
}
