import { keptTotal, type ErasureOutcome } from '../../contracts';

/**
 * What an erasure did, table by table: what was erased and what was kept and why. Tables the subject had no
 * records in are left out; the totals line comes first so the answer is readable at a glance.
 */
export function erasureReportText(r: ErasureOutcome): string {
  const t = r.totals;
  const kept = keptTotal(t.kept);
  const lines = [
    r.subjectHeld
      ? ':lock: The subject is under a legal hold: nothing was erased.'
      : `:wastebasket: Erasure done: ${t.erased} records deleted, ${t.nulled} cleared, ${t.pseudonymised} pseudonymised; ${kept} kept.`,
  ];
  for (const row of r.tables.filter((x) => x.matched > 0)) {
    const did = [
      row.erased ? `${row.erased} deleted` : '',
      row.nulled ? `${row.nulled} cleared` : '',
      row.pseudonymised ? `${row.pseudonymised} pseudonymised` : '',
    ].filter(Boolean);
    const why = [
      row.kept.legalHold ? `${row.kept.legalHold} kept: legal hold` : '',
      row.kept.retention ? `${row.kept.retention} kept: minimum retention` : '',
      row.kept.strategy ? `${row.kept.strategy} kept: data map says keep${row.note ? ` (${row.note})` : ''}` : '',
      row.kept.referenced ? `${row.kept.referenced} kept: kept records still point at them` : '',
    ].filter(Boolean);
    lines.push(`• \`${row.table}\` (${row.recordType}, ${row.matched} records): ${[...did, ...why].join('; ') || 'unchanged'}`);
  }
  return lines.join('\n');
}
