import { createHmac } from 'node:crypto';
import type { Pool } from 'pg';
import type { DataMap, TableSpec } from './data-map-schema';
import { heldConversation, stillReferenced } from './erase-subject';
import type { HoldSet } from './legal-holds';
import type { PlatformSources } from './platform-sources';
import { PSEUDONYM_PREFIX, subjectPseudonym } from './pseudonym';
import { SUBJECT_KINDS, type SubjectKind } from './subject';
import { ident, Params, relatedTable, tableRef } from './subject-sql';
import { removalOrder } from './table-order';

export interface RetentionOptions {
  pseudonymKey: Buffer;
  /** Rows per statement: each batch is its own short transaction. */
  batchSize?: number;
  /** Called after each batch (a Temporal activity heartbeats here). */
  onProgress?: (progress: RetentionTableResult) => void;
}

export interface RetentionTableResult {
  table: string;
  recordType: string;
  /** The cut-off: rows older than this were due. */
  before: string;
  deleted: number;
  anonymised: number;
  keptLegalHold: number;
  /** Due rows that records still kept point at (a conversation with held messages): deleting them would break those. */
  keptReferenced: number;
}

/**
 * Deletes (or, for tables whose erasure changes columns, anonymises) every record older than its record
 * type's retention, in batches, skipping records under a legal hold. Tables whose strategy is `keep` (the
 * audit log, access evidence) and record types without a retention period are never touched.
 */
export async function enforceRetention(sources: PlatformSources, map: DataMap, now: Date, holds: HoldSet, opts: RetentionOptions): Promise<RetentionTableResult[]> {
  const results: RetentionTableResult[] = [];
  for (const t of removalOrder(map)) {
    const retentionMs = map.recordTypes[t.recordType]?.retentionMs;
    if (retentionMs == null || !t.createdAt || t.erasure.kind === 'keep') continue;
    const result: RetentionTableResult = { table: t.id, recordType: t.recordType, before: new Date(now.getTime() - retentionMs).toISOString(), deleted: 0, anonymised: 0, keptLegalHold: 0, keptReferenced: 0 };
    await purgeTable(sources.pool(t.source), map, t, new Date(result.before), holds, opts, result);
    results.push(result);
  }
  return results;
}

async function purgeTable(pool: Pool, map: DataMap, t: TableSpec, before: Date, holds: HoldSet, opts: RetentionOptions, result: RetentionTableResult): Promise<void> {
  const batchSize = opts.batchSize ?? 1000;
  const pkType = await columnType(pool, t, t.primaryKey);
  // The subject columns of the row and of rows it relates to, so a held subject's rows are found whoever they name.
  const idColumns: Array<{ alias: string; kind: SubjectKind; sql: string }> = [];
  const joins: string[] = [];
  for (const kind of SUBJECT_KINDS) if (t.subject[kind]) idColumns.push({ alias: `s_${kind}`, kind, sql: `t.${ident(t.subject[kind]!)}::text` });
  t.relations.forEach((r, i) => {
    const target = relatedTable(map, t, r.table);
    joins.push(`LEFT JOIN ${tableRef(target)} j${i} ON j${i}.${ident(r.references)} = t.${ident(r.column)}`);
    for (const kind of SUBJECT_KINDS) if (target.subject[kind]) idColumns.push({ alias: `j${i}_${kind}`, kind, sql: `j${i}.${ident(target.subject[kind]!)}::text` });
  });
  const changes = columnChanges(t);
  // Rows of held conversations are left out of the batches below; they are counted here once.
  const heldParams = new Params();
  const inHeldConversation = heldConversation(t, holds, heldParams);
  if (inHeldConversation !== 'false') {
    const { rows } = await pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${tableRef(t)} t WHERE t.${ident(t.createdAt!)} < ${heldParams.add(before)}::timestamptz AND ${inHeldConversation}${changes ? ` AND ${changes.pending}` : ''}`,
      heldParams.values,
    );
    result.keptLegalHold += Number(rows[0]!.n);
  }
  // Pointing tables were purged first, so what still points at a due row is kept (a held line in the conversation).
  const referenced = t.erasure.kind === 'delete_row' ? stillReferenced(map, t) : 'false';
  let after: string | null = null;
  for (;;) {
    const params = new Params();
    const conditions = [`t.${ident(t.createdAt!)} < ${params.add(before)}::timestamptz`, `NOT ${heldConversation(t, holds, params)}`];
    if (changes) conditions.push(changes.pending);
    if (after !== null) conditions.push(`t.${ident(t.primaryKey)} > ${params.add(after)}::${pkType}`);
    const { rows } = await pool.query<Record<string, string | boolean | null>>(
      `SELECT t.${ident(t.primaryKey)}::text AS pk, ${referenced} AS referenced${idColumns.map((c) => `, ${c.sql} AS ${c.alias}`).join('')}
         FROM ${tableRef(t)} t ${joins.join(' ')}
        WHERE ${conditions.join(' AND ')}
        ORDER BY t.${ident(t.primaryKey)} LIMIT ${batchSize}`,
      params.values,
    );
    if (rows.length === 0) return;
    after = String(rows[rows.length - 1]!.pk);
    const due: Array<Record<string, string | null>> = [];
    for (const row of rows) {
      const held = idColumns.some((c) => row[c.alias] && holds.pseudonyms.has(subjectPseudonym({ kind: c.kind, value: String(row[c.alias]) }, opts.pseudonymKey)));
      if (held) result.keptLegalHold++;
      else if (row['referenced'] === true) result.keptReferenced++;
      else due.push(row as Record<string, string | null>);
    }
    if (due.length > 0 && t.erasure.kind === 'delete_row') {
      const deleted = await pool.query(`DELETE FROM ${tableRef(t)} WHERE ${ident(t.primaryKey)} = ANY($1::${pkType}[])`, [due.map((r) => r.pk)]);
      result.deleted += deleted.rowCount ?? 0;
    } else if (due.length > 0 && changes) {
      result.anonymised += await anonymise(pool, t, pkType, due, changes.columns, idColumns, opts.pseudonymKey);
    }
    opts.onProgress?.({ ...result });
    if (rows.length < batchSize) return;
  }
}

/** For tables erased column by column: which columns change, and the condition for rows not yet changed. */
function columnChanges(t: TableSpec) {
  if (t.erasure.kind !== 'columns') return null;
  const columns = Object.entries(t.erasure.columns).filter(([, s]) => s !== 'keep') as Array<[string, 'set_null' | 'pseudonymise']>;
  if (columns.length === 0) return null;
  const pending = `(${columns
    .map(([c, s]) => (s === 'set_null' ? `t.${ident(c)} IS NOT NULL` : `(t.${ident(c)} IS NOT NULL AND t.${ident(c)}::text NOT LIKE '${PSEUDONYM_PREFIX}%')`))
    .join(' OR ')})`;
  return { columns, pending };
}

async function anonymise(
  pool: Pool,
  t: TableSpec,
  pkType: string,
  rows: Array<Record<string, string | null>>,
  columns: Array<[string, 'set_null' | 'pseudonymise']>,
  idColumns: Array<{ alias: string; kind: SubjectKind }>,
  key: Buffer,
): Promise<number> {
  // A subject column becomes the keyed pseudonym of the identifier it held; any other column a keyed
  // pseudonym of the row's own identifier, so rows of one person stay linkable under the key only.
  const valueFor = (row: Record<string, string | null>, column: string): string | null => {
    const kind = SUBJECT_KINDS.find((k) => t.subject[k] === column);
    const own = kind ? row[`s_${kind}`] : idColumns.map((c) => row[c.alias]).find(Boolean);
    if (!own) return null;
    return kind ? subjectPseudonym({ kind, value: own }, key) : PSEUDONYM_PREFIX + createHmac('sha256', key).update(`${t.id}.${column}:${own}`).digest('hex').slice(0, 32);
  };
  const params = new Params();
  const pk = params.add(rows.map((r) => r.pk));
  const sets = columns.map(([c, s]) => {
    if (s === 'set_null') return `${ident(c)} = NULL`;
    const values = params.add(rows.map((r) => valueFor(r, c)));
    return `${ident(c)} = CASE WHEN t.${ident(c)} IS NULL THEN NULL ELSE (${values}::text[])[v.ord] END`;
  });
  const result = await pool.query(
    `UPDATE ${tableRef(t)} t SET ${sets.join(', ')}
       FROM unnest(${pk}::${pkType}[]) WITH ORDINALITY AS v(id, ord)
      WHERE t.${ident(t.primaryKey)} = v.id`,
    params.values,
  );
  return result.rowCount ?? 0;
}

async function columnType(pool: Pool, t: TableSpec, column: string): Promise<string> {
  const { rows } = await pool.query<{ type: string }>(
    `SELECT format_type(a.atttypid, a.atttypmod) AS type FROM pg_attribute a
      WHERE a.attrelid = to_regclass($1) AND a.attname = $2 AND NOT a.attisdropped`,
    [`${ident(t.schema)}.${ident(t.table)}`, column],
  );
  if (!rows[0]) throw new Error(`${t.id} has no column ${column} (data map ${t.id}.primary_key)`);
  // format_type gives a type name safe to splice into a cast, e.g. "bigint", "text", "character varying(40)".
  return rows[0].type;
}
