// Audit appends under concurrency, and verification of a long chain. Goal 4 of "Speed and scale": with 32
// concurrent writers, audit appends/s at least 0.3x plain inserts of the same rows into an unchained table of
// the same shape; verify of 1,000,000 events in bounded memory, reporting its rate.
//
// Part 1: 32 writers in this process, each appending events one after another through the repository, against
// the same 32 writers inserting the same rows into `bench_plain_events` (audit_events' columns and indexes, no
// chain); rounds alternate so background load falls on both. Part 2: the same, spread over several OS
// processes, each with its own client and pool: the append lock must hold across them, and the chain is then
// verified (count exact, no fork). Part 3: a chain seeded to 100,000 and then 1,000,000 events, verified in a
// fresh process each time (its peak RSS is verification's), next to a plain read of the same rows.
// Run: `npm run bench -- audit-append` (BENCH_* variables below change the sizes).
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createAuditLog } from '../lib/db';
import { AUDIT_VERIFY_PAGE_SIZE } from '../lib/db/repositories/audit-log';
import { createTestDatabase, ensureTemplateDatabase, type TestDatabase } from '../test/helpers/database';
import { startBenchChild, type BenchChild } from './support/bench-child';
import type { ScanResult } from './support/audit-bench-child';
import { seedAuditChain } from './support/audit-seed';
import { createPlainTable, runWriters, type WriterKind, type WritersResult } from './support/audit-writers';
import { intFromEnv, ms, ratio, summarize, table } from './support/stats';

const WRITERS = intFromEnv('BENCH_WRITERS', 32);
const PER_WRITER = intFromEnv('BENCH_APPENDS_PER_WRITER', 50);
const ROUNDS = intFromEnv('BENCH_APPEND_ROUNDS', 3);
const PROCESSES = intFromEnv('BENCH_PROCESSES', 4);
const VERIFY_EVENTS = intFromEnv('BENCH_VERIFY_EVENTS', 1_000_000, 0);
const VERIFY_CHECKPOINT = Math.min(100_000, VERIFY_EVENTS);
const LIMIT_MS = 14 * 60_000;
const GOAL_RATIO = 0.3;

const cleanups: Array<() => Promise<void>> = [];
let stopping: Promise<void> | undefined;
const cleanUp = () => (stopping ??= (async () => {
  for (const fn of cleanups.reverse()) await fn().catch((err: unknown) => console.error('[audit-append] clean-up failed:', err));
})());
const abort = (why: string, code: number) => {
  console.error(`[audit-append] ${why}; stopping`);
  setTimeout(() => process.exit(code), 30_000).unref();
  void cleanUp().then(() => process.exit(code));
};

interface Measured {
  rows: number;
  wallMs: number;
  latenciesMs: number[];
}

/** Writers in this process, or spread over the children: one measured round of one kind. */
async function round(db: TestDatabase, kind: WriterKind, children: BenchChild[] | undefined, perWriter = PER_WRITER): Promise<Measured> {
  const runId = randomUUID().slice(0, 8);
  const results: WritersResult[] = children
    ? await Promise.all(children.map((c, i) => c.run<WritersResult>({ kind: 'writers', writer: kind, runId: `${runId}-${i}`, writers: share(i, children.length), perWriter })))
    : [await runWriters(db.prisma, kind, { runId, writers: WRITERS, perWriter })];
  const wallMs = Math.max(...results.map((r) => r.endedAt)) - Math.min(...results.map((r) => r.startedAt));
  const latenciesMs = results.flatMap((r) => r.latenciesMs);
  return { rows: latenciesMs.length, wallMs, latenciesMs };
}

/** Writers of child `i` when WRITERS are spread over `n` children as evenly as possible. */
const share = (i: number, n: number) => Math.floor(WRITERS / n) + (i < WRITERS % n ? 1 : 0);

async function compare(db: TestDatabase, label: string, children?: BenchChild[]): Promise<{ audit: Measured[]; plain: Measured[] }> {
  const out = { audit: [] as Measured[], plain: [] as Measured[] };
  await round(db, 'plain', children, 5);
  await round(db, 'audit', children, 5);
  for (let r = 1; r <= ROUNDS; r++) {
    // Alternate which goes first, so neither always runs on a warmer (or busier) server.
    const order: WriterKind[] = r % 2 ? ['plain', 'audit'] : ['audit', 'plain'];
    for (const kind of order) {
      const m = await round(db, kind, children);
      out[kind].push(m);
      console.log(`  ${label} round ${r} ${kind.padEnd(5)} ${rate(m).toFixed(0).padStart(6)} rows/s, p50 ${ms(summarize(m.latenciesMs).p50)}`);
    }
  }
  return out;
}

const rate = (m: Measured) => (m.rows / m.wallMs) * 1000;
const total = (ms: Measured[]): Measured => ({ rows: sum(ms.map((m) => m.rows)), wallMs: sum(ms.map((m) => m.wallMs)), latenciesMs: ms.flatMap((m) => m.latenciesMs) });
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function report(title: string, runs: { audit: Measured[]; plain: Measured[] }): number {
  const a = total(runs.audit);
  const p = total(runs.plain);
  const la = summarize(a.latenciesMs);
  const lp = summarize(p.latenciesMs);
  const r = rate(a) / rate(p);
  console.log(`\n${title} (${a.rows} rows each over ${ROUNDS} rounds):\n`);
  console.log(
    table([
      ['', 'rows/s', 'p50', 'p99', 'max'],
      ['audit append (chained)', rate(a).toFixed(0), ms(la.p50), ms(la.p99), ms(la.max)],
      ['plain insert (baseline)', rate(p).toFixed(0), ms(lp.p50), ms(lp.p99), ms(lp.max)],
      ['ratio audit/plain', `${r.toFixed(2)}x`, ratio(la.p50, lp.p50), ratio(la.p99, lp.p99), ratio(la.max, lp.max)],
    ]),
  );
  console.log(`goal: audit appends/s >= ${GOAL_RATIO}x plain inserts: ${r >= GOAL_RATIO ? 'met' : 'NOT met'} (${r.toFixed(2)}x)`);
  return r;
}

/** Runs one scan job in a fresh child, so its peak RSS is that scan's alone. */
async function scanInFreshChild(url: string, kind: 'verify' | 'read'): Promise<ScanResult> {
  const child = await startBenchChild(url);
  try {
    return await child.run<ScanResult>(kind === 'verify' ? { kind } : { kind, pageSize: AUDIT_VERIFY_PAGE_SIZE });
  } finally {
    await child.stop();
  }
}

async function verifyAtScale(): Promise<void> {
  const db = await createTestDatabase();
  cleanups.push(() => db.drop());
  const rows: string[][] = [['events', 'verify', 'events/s', 'peak RSS', 'plain read', 'rows/s', 'peak RSS', 'time verify/read']];
  let seeded = 0;
  const peaks: number[] = [];
  for (const size of [...new Set([VERIFY_CHECKPOINT, VERIFY_EVENTS])]) {
    const t0 = performance.now();
    const chain = await seedAuditChain(db.url, size - seeded);
    seeded = chain.count;
    console.log(`  seeded the chain to ${seeded.toLocaleString('en')} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const verified = await scanInFreshChild(db.url, 'verify');
    const read = await scanInFreshChild(db.url, 'read');
    if (!verified.ok || verified.count !== seeded) throw new Error(`verify answered ok=${verified.ok} count=${verified.count}, expected ${seeded}`);
    const said = verified.reported;
    if (said) console.log(`  verify reported: ${said.count.toLocaleString('en')} events in ${(said.durationMs / 1000).toFixed(1)} s, ${said.eventsPerSecond.toFixed(0)} events/s`);
    peaks.push(verified.peakRssMb);
    const perSec = (s: ScanResult) => ((s.count / s.ms) * 1000).toFixed(0);
    const mb = (s: ScanResult) => `${s.peakRssMb.toFixed(0)} MB (idle ${s.idleRssMb.toFixed(0)})`;
    rows.push([seeded.toLocaleString('en'), `${(verified.ms / 1000).toFixed(1)} s`, perSec(verified), mb(verified), `${(read.ms / 1000).toFixed(1)} s`, perSec(read), mb(read), ratio(verified.ms, read.ms)]);
  }
  console.log(`\nverify() in a fresh process, next to a plain keyset read of the same rows (${AUDIT_VERIFY_PAGE_SIZE} a page, same client):\n`);
  console.log(table(rows));
  if (peaks.length > 1) {
    console.log(`verify's peak RSS at ${VERIFY_EVENTS.toLocaleString('en')} events vs at ${VERIFY_CHECKPOINT.toLocaleString('en')}: ${ratio(peaks[1]!, peaks[0]!)} (${rows.length - 1} sizes, ${(VERIFY_EVENTS / VERIFY_CHECKPOINT).toFixed(0)}x the events)`);
  }
  console.log('goal: bounded memory (peak RSS does not grow with the chain) and a reported rate');
}

async function main(): Promise<void> {
  const limit = setTimeout(() => abort(`exceeded its ${LIMIT_MS / 1000} s limit`, 2), LIMIT_MS);
  process.once('SIGINT', () => abort('got SIGINT', 130));
  process.once('SIGTERM', () => abort('got SIGTERM', 130));
  try {
    await ensureTemplateDatabase();
    const db = await createTestDatabase();
    cleanups.push(() => db.drop());
    await createPlainTable(db.prisma);

    console.log(`audit-append: ${WRITERS} concurrent writers x ${PER_WRITER} rows a round, 1 warm-up + ${ROUNDS} measured rounds each`);
    const inProcess = report(`${WRITERS} writers in one process`, await compare(db, '1 process '));

    const children = await Promise.all(Array.from({ length: PROCESSES }, () => startBenchChild(db.url)));
    cleanups.push(() => Promise.all(children.map((c) => c.stop())).then(() => undefined));
    const spread = report(`${WRITERS} writers over ${PROCESSES} processes`, await compare(db, `${PROCESSES} procs`, children));

    const expected = (WRITERS * 5 + WRITERS * PER_WRITER * ROUNDS) * 2;
    const verified = await createAuditLog(db.prisma).verify();
    console.log(`\nchain after both parts: ${JSON.stringify({ ok: verified.ok, count: verified.count })}, expected ${expected} events: ${verified.ok && verified.count === expected ? 'intact' : 'BROKEN'}`);
    console.log(`summary: audit/plain ${inProcess.toFixed(2)}x in one process, ${spread.toFixed(2)}x over ${PROCESSES} processes (goal ${GOAL_RATIO}x)`);

    if (VERIFY_EVENTS > 0) {
      console.log(`\nverify at scale: seeding ${VERIFY_EVENTS.toLocaleString('en')} events (checkpoint at ${VERIFY_CHECKPOINT.toLocaleString('en')})`);
      await verifyAtScale();
    }
  } finally {
    clearTimeout(limit);
    await cleanUp();
  }
}

main().catch((err: unknown) => {
  console.error('audit-append failed:', err);
  process.exitCode = 1;
});
