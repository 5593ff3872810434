import type { Pool } from 'pg';
import type { DataMap, TableSpec } from './data-map-schema';
import type { PlatformSources } from './platform-sources';
import { SUBJECT_KINDS, type SubjectKind, type SubjectRef } from './subject';

// SQL over names from the data map. Every name was checked against a strict identifier pattern when the
// map was loaded (data-map-schema.ts); quoting here is the second guard. Values are always parameters.

export type Identifiers = Record<SubjectKind, string[]>;

export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
export const tableRef = (t: Pick<TableSpec, 'schema' | 'table'>) => `${ident(t.schema)}.${ident(t.table)}`;

/** Collects query parameters and hands back their $n placeholders. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

const MAX_RELATION_DEPTH = 3;

/**
 * The WHERE condition for "this row belongs to the subject": one of its subject columns holds one of the
 * subject's identifiers, or a row it points at through a relation belongs to the subject.
 */
export function subjectCondition(map: DataMap, t: TableSpec, ids: Identifiers, params: Params, alias: string, depth = 0): string {
  const parts: string[] = [];
  for (const kind of SUBJECT_KINDS) {
    const column = t.subject[kind];
    if (column && ids[kind].length > 0) parts.push(`${alias}.${ident(column)} = ANY(${params.add(ids[kind])}::text[])`);
  }
  if (depth < MAX_RELATION_DEPTH) {
    for (const r of t.relations) {
      const target = relatedTable(map, t, r.table);
      const inner = `r${depth + 1}`;
      const condition = subjectCondition(map, target, ids, params, inner, depth + 1);
      if (condition !== 'false') {
        parts.push(`${alias}.${ident(r.column)} IN (SELECT ${inner}.${ident(r.references)} FROM ${tableRef(target)} ${inner} WHERE ${condition})`);
      }
    }
  }
  return parts.length > 0 ? `(${parts.join(' OR ')})` : 'false';
}

export function relatedTable(map: DataMap, t: TableSpec, table: string): TableSpec {
  const target = map.tables.find((x) => x.source === t.source && x.table === table);
  if (!target) throw new Error(`${t.id} relates to ${table}, which the data map does not list`);
  return target;
}

/**
 * Every identifier of the subject: starting from the one given, tables that link identifiers (an end-user
 * contact row holding both an email and an end-user id) add the others, until nothing new turns up.
 */
export async function resolveIdentifiers(sources: PlatformSources, map: DataMap, subject: SubjectRef): Promise<Identifiers> {
  const ids: Identifiers = { email: [], end_user_id: [], slack_id: [] };
  // The platform stores emails lower-cased; a subject typed otherwise is the same person.
  ids[subject.kind].push(subject.kind === 'email' ? subject.value.trim().toLowerCase() : subject.value.trim());
  const linking = map.tables.filter((t) => t.linksIdentifiers);
  for (let round = 0; round < 3; round++) {
    let added = false;
    for (const t of linking) {
      const params = new Params();
      const direct = { ...t, relations: [] };
      const condition = subjectCondition(map, direct, ids, params, 't');
      if (condition === 'false') continue;
      const columns = SUBJECT_KINDS.filter((k) => t.subject[k]);
      const { rows } = await sources.pool(t.source).query<Record<string, unknown>>(
        `SELECT ${columns.map((k) => `t.${ident(t.subject[k]!)}::text AS ${ident(k)}`).join(', ')} FROM ${tableRef(t)} t WHERE ${condition} LIMIT 1000`,
        params.values,
      );
      for (const row of rows) {
        for (const k of columns) {
          const value = row[k];
          if (typeof value === 'string' && value && !ids[k].includes(value)) {
            ids[k].push(k === 'email' ? value.toLowerCase() : value);
            added = true;
          }
        }
      }
    }
    if (!added) break;
  }
  return ids;
}

export async function countRows(pool: Pool, sql: string, values: unknown[]): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM (${sql}) counted`, values);
  return Number(rows[0]!.n);
}
