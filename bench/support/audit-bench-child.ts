// A child process of bench/audit-append.ts: several of these write at once (the append lock must hold across
// processes), and verification runs in a fresh one so its peak RSS is verification's alone.
// Protocol: prints `ready` when connected, then answers each JSON job line on stdin with one `result {…}` line.
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { createAuditLog, createPrismaClient } from '../../lib/db';
import type { AuditVerifyProgress } from '../../lib/db/repositories/audit-log';
import { runWriters, type WriterKind } from './audit-writers';

export type ChildJob =
  | { kind: 'writers'; writer: WriterKind; runId: string; writers: number; perWriter: number }
  | { kind: 'verify' }
  | { kind: 'read'; pageSize: number };

export interface ScanResult {
  ok: boolean;
  count: number;
  ms: number;
  /** RSS once connected, before the job; and the process's peak RSS (getrusage), both in MiB. */
  idleRssMb: number;
  peakRssMb: number;
  /** What verify reported about itself, when it reports (count, duration, rate). */
  reported?: AuditVerifyProgress;
}

const mib = (bytes: number) => bytes / 2 ** 20;

async function main() {
  const db = createPrismaClient(process.env.DATABASE_URL!);
  await db.$connect();
  const idleRssMb = mib(process.memoryUsage().rss);
  const answer = (value: unknown) => process.stdout.write(`result ${JSON.stringify(value)}\n`);
  process.stdout.write('ready\n');
  for await (const line of createInterface({ input: process.stdin })) {
    if (!line.trim()) continue;
    const job = JSON.parse(line) as ChildJob;
    if (job.kind === 'writers') {
      answer(await runWriters(db, job.writer, job));
      continue;
    }
    const started = performance.now();
    const scan = job.kind === 'verify' ? await verify(db) : await plainRead(db, job.pageSize);
    const result: ScanResult = { ...scan, ms: performance.now() - started, idleRssMb, peakRssMb: process.resourceUsage().maxRSS / 1024 };
    answer(result);
  }
  await db.$disconnect();
}

async function verify(db: ReturnType<typeof createPrismaClient>): Promise<Pick<ScanResult, 'ok' | 'count' | 'reported'>> {
  let reported: AuditVerifyProgress | undefined;
  const result = await createAuditLog(db).verify({ onProgress: (p) => (reported = p) });
  return { ok: result.ok, count: result.count, reported };
}

/** The baseline: the same rows read in the same keyset pages through the same client, nothing computed. */
async function plainRead(db: ReturnType<typeof createPrismaClient>, pageSize: number): Promise<Pick<ScanResult, 'ok' | 'count'>> {
  let count = 0;
  let after: bigint | undefined;
  for (;;) {
    const page = await db.auditEvent.findMany({
      where: after === undefined ? {} : { seq: { gt: after } },
      orderBy: { seq: 'asc' },
      take: pageSize,
      select: { seq: true, idempotencyKey: true, at: true, actor: true, action: true, target: true, outcome: true, workflowId: true, requestId: true, details: true, prevHash: true, hash: true },
    });
    count += page.length;
    if (page.length < pageSize) return { ok: true, count };
    after = page[page.length - 1]!.seq;
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
