// DSAR export against PostgreSQL's own COPY (issue 10). Goal: export rows/s at least 0.5x of
// `COPY (SELECT …) TO STDOUT` of the same rows, in the same run, with peak memory flat as the subject grows.
//
// A subject with 100,000 and then 1,000,000 records (messages through their conversations, conversations, their
// contact) is seeded into the sample platform. Each size is exported by writeExportFiles in a fresh process
// (so its peak RSS is the export's alone), between two COPY runs through psql of exactly the rows the export
// selects (the same WHERE, table by table, written to a file); the second COPY, on a warm cache like the
// export's, is the baseline. Run: `npm run bench -- dsar-export` (BENCH_DSAR_ROWS changes the large size).
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, escapeLiteral } from 'pg';
import { BULK_SUBJECT, loadDataMap, openPlatformSources, resolveIdentifiers, seedPlatform, writeExportFiles, type SubjectRef } from '../lib/data-rights';
import { Params, subjectCondition, tableRef } from '../lib/data-rights/subject-sql';
import { createTestDatabase } from '../test/helpers/database';
import { intFromEnv, table } from './support/stats';

const LARGE = intFromEnv('BENCH_DSAR_ROWS', 1_000_000);
const SMALL = Math.max(1, Math.round(LARGE / 10));
const GOAL = 0.5;
const MAP_FILE = path.resolve(__dirname, '../config/data-map.yaml');
const SUBJECT: SubjectRef = { kind: 'email', value: BULK_SUBJECT.email };

interface ChildResult {
  records: number;
  ms: number;
  rssBeforeMb: number;
  peakRssMb: number;
  peakHeapMb: number;
  bytes: number;
}

/** The child: one export, sampling its own memory while it runs. */
async function child(url: string, dir: string, via: 'copy' | 'cursor'): Promise<void> {
  const map = loadDataMap(MAP_FILE);
  const sources = openPlatformSources(map, { DATABASE_URL: url });
  const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  let peakHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 10);
  const started = performance.now();
  const manifest = await writeExportFiles(sources, map, SUBJECT, dir, { via });
  const elapsed = performance.now() - started;
  clearInterval(sampler);
  await sources.close();
  const result: ChildResult = {
    records: manifest.totalRecords,
    ms: elapsed,
    rssBeforeMb: mb(rssBefore),
    peakRssMb: mb(peakRss),
    peakHeapMb: mb(peakHeap),
    bytes: manifest.files.reduce((n, f) => n + f.bytes, 0),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function runExportChild(url: string, dir: string, via: 'copy' | 'cursor'): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...process.execArgv, __filename, '--child', url, dir, via], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (c: Buffer) => (out += c.toString()));
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as ChildResult) : reject(new Error(`export child exited with ${code}`))));
  });
}

/** The same rows through COPY: one statement per table with the export's own WHERE, values inlined for psql. */
async function copyStatements(url: string): Promise<string[]> {
  const map = loadDataMap(MAP_FILE);
  const sources = openPlatformSources(map, { DATABASE_URL: url });
  try {
    const ids = await resolveIdentifiers(sources, map, SUBJECT);
    const statements: string[] = [];
    for (const t of map.tables) {
      const params = new Params();
      const condition = subjectCondition(map, t, ids, params, 't');
      if (condition === 'false') continue;
      const inlined = condition.replace(/\$(\d+)/g, (_, n: string) => `ARRAY[${(params.values[Number(n) - 1] as string[]).map(escapeLiteral).join(',')}]`);
      statements.push(`COPY (SELECT t.* FROM ${tableRef(t)} t WHERE ${inlined}) TO STDOUT`);
    }
    return statements;
  } finally {
    await sources.close();
  }
}

function timedCopy(url: string, statements: string[], file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const args = ['--no-psqlrc', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-o', file, ...statements.flatMap((s) => ['-c', s])];
    const p = spawn('psql', args, { stdio: ['ignore', 'ignore', 'inherit'] });
    p.on('exit', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`psql exited with ${code}`))));
  });
}

async function measure(url: string, size: number, dir: string) {
  const sql = new Client({ connectionString: url });
  await sql.connect();
  const seedStarted = performance.now();
  await seedPlatform(sql, { endUsers: 200, conversationsPerUser: 3, messagesPerConversation: 6, asOf: new Date('2026-06-01T00:00:00Z'), bulkSubjectMessages: size });
  await sql.query('VACUUM ANALYZE');
  await sql.end();
  const seedMs = performance.now() - seedStarted;
  const statements = await copyStatements(url);
  const copyFile = path.join(dir, 'copy.out');
  await timedCopy(url, statements, copyFile); // warms the cache, as the export will find it
  const exported = await runExportChild(url, path.join(dir, `export-${size}`), 'copy');
  const copyMs = await timedCopy(url, statements, copyFile);
  const viaCursor = await runExportChild(url, path.join(dir, `cursor-${size}`), 'cursor');
  // For comparison: the same COPY with PostgreSQL rendering each row as JSON (what the export did at first).
  const jsonCopyMs = await timedCopy(url, statements.map((st) => st.replace('SELECT t.* FROM', 'SELECT row_to_json(t) FROM')), copyFile);
  return { size, seedMs, exported, viaCursor, copyMs, jsonCopyMs };
}

async function main(): Promise<void> {
  const db = await createTestDatabase();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-dsar-'));
  try {
    const results = [];
    for (const size of [SMALL, LARGE]) {
      console.log(`[dsar-export] seeding a subject with ${size.toLocaleString('en')} messages…`);
      results.push(await measure(db.url, size, dir));
    }
    const rows = [['subject records', 'export via', 'export rows/s', 'COPY rows/s', 'ratio', 'peak RSS', 'RSS at start', 'peak heap', 'export bytes']];
    for (const r of results) {
      const copyRate = r.exported.records / (r.copyMs / 1000);
      for (const [via, e] of [['copy', r.exported], ['cursor', r.viaCursor]] as const) {
        const exportRate = e.records / (e.ms / 1000);
        rows.push([
          e.records.toLocaleString('en'),
          via,
          Math.round(exportRate).toLocaleString('en'),
          Math.round(copyRate).toLocaleString('en'),
          `${(exportRate / copyRate).toFixed(2)}x`,
          `${e.peakRssMb} MB`,
          `${e.rssBeforeMb} MB`,
          `${e.peakHeapMb} MB`,
          `${(e.bytes / 1024 / 1024).toFixed(0)} MB`,
        ]);
      }
    }
    console.log(`DSAR export of one subject (writeExportFiles via COPY and via a cursor, streamed) against COPY (SELECT …) TO STDOUT via psql, same rows`);
    console.log(table(rows));
    const large = results[results.length - 1]!;
    const small = results[0]!;
    const ratio = large.exported.records / (large.exported.ms / 1000) / (large.exported.records / (large.copyMs / 1000));
    const growth = large.exported.peakRssMb - small.exported.peakRssMb;
    console.log(`ratio at ${large.exported.records.toLocaleString('en')} records: ${ratio.toFixed(2)}x (goal ≥ ${GOAL}x) — ${ratio >= GOAL ? 'met' : 'not met'}`);
    const jsonCopyRate = large.exported.records / (large.jsonCopyMs / 1000);
    console.log(
      `COPY of the same rows as row_to_json (JSON made by PostgreSQL instead): ${Math.round(jsonCopyRate).toLocaleString('en')} rows/s (${(jsonCopyRate / (large.exported.records / (large.copyMs / 1000))).toFixed(2)}x of plain COPY)`,
    );
    const cursorRatio = large.viaCursor.records / (large.viaCursor.ms / 1000) / (large.exported.records / (large.copyMs / 1000));
    console.log(`(via the cursor: ${cursorRatio.toFixed(2)}x)`);
    console.log(
      `peak RSS grows ${growth.toFixed(1)} MB from ${small.exported.records.toLocaleString('en')} to ${large.exported.records.toLocaleString('en')} records (10x the rows) — ${Math.abs(growth) < 50 ? 'flat' : 'NOT flat'}`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
    await db.drop();
  }
}

if (process.argv[2] === '--child') {
  child(process.argv[3]!, process.argv[4]!, process.argv[5] === 'cursor' ? 'cursor' : 'copy').catch((err) => {
    console.error(err);
    process.exit(1);
  });
} else {
  const limit = setTimeout(() => {
    console.error('[dsar-export] over 14 minutes; stopping');
    process.exit(1);
  }, 14 * 60_000);
  limit.unref();
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
