import type { Pool } from 'pg';
import type { DataMap, TableSpec } from './data-map-schema';
import type { HoldSet } from './legal-holds';
import { identifierPseudonyms } from './legal-holds';
import type { PlatformSources } from './platform-sources';
import { PSEUDONYM_PREFIX, subjectPseudonym } from './pseudonym';
import { SUBJECT_KINDS, type SubjectKind, type SubjectRef } from './subject';
import { ident, Params, resolveIdentifiers, subjectCondition, tableRef } from './subject-sql';
import { removalOrder } from './table-order';

export interface ErasureOptions {
  holds: HoldSet;
  /** The key subject pseudonyms are made with (loadSubjectPseudonymKey). */
  pseudonymKey: Buffer;
  now: Date;
  /** Count what would happen without changing anything (for the approval thread). */
  dryRun?: boolean;
  /** Rows deleted per statement, so one huge subject never holds one huge transaction. */
  batchSize?: number;
}

export interface ErasureTableReport {
  table: string;
  recordType: string;
  strategy: 'delete_row' | 'keep' | 'columns';
  /** Rows of the subject found in this table. */
  matched: number;
  erased: number;
  nulled: number;
  pseudonymised: number;
  /**
   * `referenced`: rows erasure would delete that kept records still point at (a conversation whose recent
   * messages a minimum retention keeps): deleting them would break those records or trip a foreign key.
   */
  kept: { legalHold: number; retention: number; strategy: number; referenced: number };
  /** Why the map keeps these rows (the table's note), for the report. */
  note?: string;
}

export interface ErasureReport {
  subjectPseudonym: string;
  /** How many identifiers of each kind were found for the subject (the values stay out of reports). */
  identifiers: Record<SubjectKind, number>;
  /** The whole subject is under a legal hold: nothing was changed. */
  subjectHeld: boolean;
  dryRun: boolean;
  tables: ErasureTableReport[];
  totals: { matched: number; erased: number; nulled: number; pseudonymised: number; kept: { legalHold: number; retention: number; strategy: number; referenced: number } };
}

/**
 * Applies each table's erasure strategy to the subject's records, except records under a legal hold (the
 * subject's, or their conversation's) and records a minimum retention still requires. Safe to run again:
 * erased rows no longer match, and columns already nulled or pseudonymised are not counted twice.
 */
export async function eraseSubject(sources: PlatformSources, map: DataMap, subject: SubjectRef, opts: ErasureOptions): Promise<ErasureReport> {
  const ids = await resolveIdentifiers(sources, map, subject);
  const pseudonym = subjectPseudonym(subject, opts.pseudonymKey);
  const subjectHeld = [pseudonym, ...identifierPseudonyms(ids, opts.pseudonymKey)].some((p) => opts.holds.pseudonyms.has(p));
  const tables: ErasureTableReport[] = [];
  // Tables that link a subject's identifiers go last, and stay while any other record of the subject is
  // kept: without them a held record named only by an end-user id could no longer be found by email.
  const ordered = removalOrder(map);
  for (const t of [...ordered.filter((x) => !x.linksIdentifiers), ...ordered.filter((x) => x.linksIdentifiers)]) {
    const params = new Params();
    const matches = subjectCondition(map, t, ids, params, 't');
    const report: ErasureTableReport = {
      table: t.id,
      recordType: t.recordType,
      strategy: t.erasure.kind,
      matched: 0,
      erased: 0,
      nulled: 0,
      pseudonymised: 0,
      kept: { legalHold: 0, retention: 0, strategy: 0, referenced: 0 },
      ...(t.note ? { note: t.note } : {}),
    };
    tables.push(report);
    if (matches === 'false') continue;
    const pool = sources.pool(t.source);
    const held = subjectHeld ? 'true' : heldConversation(t, opts.holds, params);
    const required = requiredByRetention(map, t, opts.now, params);
    // Pointing tables came first, so what still points here is kept. A dry run deleted nothing, so it cannot tell.
    const referenced = t.erasure.kind === 'delete_row' && !opts.dryRun ? stillReferenced(map, t) : 'false';
    const counts = await countRows(pool, t, matches, held, required, referenced, params);
    report.matched = counts.matched;
    report.kept.legalHold = counts.held;
    report.kept.retention = counts.required;
    report.kept.referenced = counts.referenced;
    const eligible = `${matches} AND NOT ${held} AND NOT ${required} AND NOT ${referenced}`;
    const keptElsewhere = tables.filter((r) => r !== report);
    if (t.linksIdentifiers && t.erasure.kind !== 'keep' && keptElsewhere.some((r) => r.kept.legalHold + r.kept.retention > 0)) {
      const reason = keptElsewhere.some((r) => r.kept.legalHold > 0) ? 'legalHold' : 'retention';
      report.kept[reason] += counts.eligible;
      continue;
    }
    if (t.erasure.kind === 'keep') report.kept.strategy = counts.eligible;
    else if (t.erasure.kind === 'delete_row') report.erased = opts.dryRun ? counts.eligible : await deleteRows(pool, t, eligible, params, opts.batchSize ?? 5000);
    else {
      const changed = await changeColumns(pool, t, eligible, params, pseudonym, counts.eligible, opts.dryRun ?? false);
      report.nulled = changed.nulled;
      report.pseudonymised = changed.pseudonymised;
      report.kept.strategy = changed.keptByStrategy;
    }
  }
  const totals = tables.reduce(
    (sum, r) => ({
      matched: sum.matched + r.matched,
      erased: sum.erased + r.erased,
      nulled: sum.nulled + r.nulled,
      pseudonymised: sum.pseudonymised + r.pseudonymised,
      kept: {
        legalHold: sum.kept.legalHold + r.kept.legalHold,
        retention: sum.kept.retention + r.kept.retention,
        strategy: sum.kept.strategy + r.kept.strategy,
        referenced: sum.kept.referenced + r.kept.referenced,
      },
    }),
    { matched: 0, erased: 0, nulled: 0, pseudonymised: 0, kept: { legalHold: 0, retention: 0, strategy: 0, referenced: 0 } },
  );
  const identifiers = Object.fromEntries(SUBJECT_KINDS.map((k) => [k, ids[k].length])) as Record<SubjectKind, number>;
  return { subjectPseudonym: pseudonym, identifiers, subjectHeld, dryRun: opts.dryRun ?? false, tables, totals };
}

/** Rows of a held conversation. */
export function heldConversation(t: TableSpec, holds: HoldSet, params: Params): string {
  if (!t.holdConversation || holds.conversationIds.size === 0) return 'false';
  return `(t.${ident(t.holdConversation)}::text = ANY(${params.add([...holds.conversationIds])}::text[]))`;
}

/** Rows younger than their record type's minimum retention. */
function requiredByRetention(map: DataMap, t: TableSpec, now: Date, params: Params): string {
  const minimum = map.recordTypes[t.recordType]?.minimumRetentionMs;
  if (!minimum || !t.createdAt) return 'false';
  return `(t.${ident(t.createdAt)} > ${params.add(new Date(now.getTime() - minimum))}::timestamptz)`;
}

/** Rows that a row of another table of the map (same source) still points at, through the map's relations. */
export function stillReferenced(map: DataMap, t: TableSpec): string {
  const pointers = map.tables.flatMap((c) =>
    c.source === t.source && c.id !== t.id
      ? c.relations.filter((r) => r.table === t.table).map((r) => `EXISTS (SELECT 1 FROM ${tableRef(c)} c WHERE c.${ident(r.column)} = t.${ident(r.references)})`)
      : [],
  );
  return pointers.length ? `(${pointers.join(' OR ')})` : 'false';
}

async function countRows(pool: Pool, t: TableSpec, matches: string, held: string, required: string, referenced: string, params: Params) {
  const { rows } = await pool.query<{ matched: string; held: string; required: string; referenced: string; eligible: string }>(
    `SELECT count(*) AS matched,
            count(*) FILTER (WHERE ${held}) AS held,
            count(*) FILTER (WHERE NOT ${held} AND ${required}) AS required,
            count(*) FILTER (WHERE NOT ${held} AND NOT ${required} AND ${referenced}) AS referenced,
            count(*) FILTER (WHERE NOT ${held} AND NOT ${required} AND NOT ${referenced}) AS eligible
       FROM ${tableRef(t)} t WHERE ${matches}`,
    params.values,
  );
  const r = rows[0]!;
  return { matched: Number(r.matched), held: Number(r.held), required: Number(r.required), referenced: Number(r.referenced), eligible: Number(r.eligible) };
}

async function deleteRows(pool: Pool, t: TableSpec, eligible: string, params: Params, batchSize: number): Promise<number> {
  let erased = 0;
  for (;;) {
    // Bounded batches: each is its own short transaction; a retry after a crash starts with what is left.
    const result = await pool.query(
      `DELETE FROM ${tableRef(t)} WHERE ${ident(t.primaryKey)} IN (SELECT t.${ident(t.primaryKey)} FROM ${tableRef(t)} t WHERE ${eligible} LIMIT ${batchSize})`,
      params.values,
    );
    erased += result.rowCount ?? 0;
    if ((result.rowCount ?? 0) < batchSize) return erased;
  }
}

async function changeColumns(pool: Pool, t: TableSpec, eligible: string, params: Params, pseudonym: string, eligibleCount: number, dryRun: boolean) {
  const columns = t.erasure.kind === 'columns' ? Object.entries(t.erasure.columns) : [];
  const nullCols = columns.filter(([, s]) => s === 'set_null').map(([c]) => c);
  const psnCols = columns.filter(([, s]) => s === 'pseudonymise').map(([c]) => c);
  const needsNull = nullCols.length ? `(${nullCols.map((c) => `t.${ident(c)} IS NOT NULL`).join(' OR ')})` : 'false';
  const needsPsn = psnCols.length ? `(${psnCols.map((c) => `(t.${ident(c)} IS NOT NULL AND t.${ident(c)}::text NOT LIKE '${PSEUDONYM_PREFIX}%')`).join(' OR ')})` : 'false';
  const { rows } = await pool.query<{ nulled: string; pseudonymised: string; untouched: string }>(
    `SELECT count(*) FILTER (WHERE ${needsNull}) AS nulled, count(*) FILTER (WHERE ${needsPsn}) AS pseudonymised,
            count(*) FILTER (WHERE NOT ${needsNull} AND NOT ${needsPsn}) AS untouched
       FROM ${tableRef(t)} t WHERE ${eligible}`,
    params.values,
  );
  const counts = { nulled: Number(rows[0]!.nulled), pseudonymised: Number(rows[0]!.pseudonymised) };
  // Rows whose personal columns are already erased, or that have only `keep` columns, are kept as they are.
  const keptByStrategy = nullCols.length + psnCols.length === 0 ? eligibleCount : 0;
  if (!dryRun && (counts.nulled > 0 || counts.pseudonymised > 0)) {
    const value = params.add(pseudonym);
    const sets = [
      ...nullCols.map((c) => `${ident(c)} = NULL`),
      ...psnCols.map((c) => `${ident(c)} = CASE WHEN ${ident(c)} IS NULL THEN NULL ELSE ${value} END`),
    ];
    await pool.query(
      `UPDATE ${tableRef(t)} SET ${sets.join(', ')} WHERE ${ident(t.primaryKey)} IN (SELECT t.${ident(t.primaryKey)} FROM ${tableRef(t)} t WHERE ${eligible} AND (${needsNull} OR ${needsPsn}))`,
      params.values,
    );
  }
  return { ...counts, keptByStrategy };
}
