// The membership review at 100,000 members: seeds the organization (1,000 managers with 99 reports each, a
// tenth of them contractors, some long inactive), then reports the time and peak memory to OPEN a review
// (snapshot + every reviewer's DMs + the compliance message) and to CLOSE it (settle every grant in child
// workflows, revocations included, then the CSV/JSON evidence), and the history length of the largest
// workflow involved. Run: `npm run bench -- access-review` (BENCH_MEMBERS=… to change the size).
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { MembershipReviewInput, MembershipReviewResult } from '../lib/contracts';
import { loadConfig } from '../lib/config';
import { createLogger } from '../lib/log';
import { startWarden } from '../runtime/start-warden';
import type { membershipReview } from '../workflows';
import { createTestDatabase, ensureTemplateDatabase } from '../test/helpers/database';
import { startTemporal, workflowBundle } from '../test/helpers/temporal';
import { intFromEnv } from './support/stats';

const MEMBERS = intFromEnv('BENCH_MEMBERS', 100_000);
const REPORTS_PER_MANAGER = 99;
const LIMIT_MS = 14 * 60_000;
const ADMIN = 'U0BENCHADM1';

/** Slack's Web API reduced to the three calls a review makes, answering at once and keeping only counts. */
async function startSlackStub() {
  const counts = new Map<string, number>();
  const channelPosts = { count: 0 };
  let ts = 1_700_000_000;
  const server = createServer((req, res) => {
    const method = (req.url ?? '').split('/').pop() ?? '';
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      counts.set(method, (counts.get(method) ?? 0) + 1);
      const args = new URLSearchParams(raw);
      if (method === 'chat.postMessage' && args.get('channel')?.startsWith('C')) channelPosts.count += 1;
      const body =
        method === 'conversations.open'
          ? { ok: true, channel: { id: `D${(args.get('users') ?? 'X').slice(1)}` } }
          : { ok: true, channel: args.get('channel') ?? 'C0', ts: `${(ts += 1)}.000100` };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`, counts, channelPosts, close: () => new Promise<void>((r) => server.close(() => r())) };
}

// A full collection before each phase, so its peak is not inflated by the previous phase's garbage.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Peak RSS and heap of this process (worker, activities and Prisma run in it) while `run` runs. */
async function measure<T>(run: () => Promise<T>): Promise<{ value: T; ms: number; peakRssMb: number; peakHeapMb: number }> {
  collectGarbage();
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const timer = setInterval(sample, 50);
  const started = performance.now();
  try {
    const value = await run();
    return { value, ms: performance.now() - started, peakRssMb: peakRss / 2 ** 20, peakHeapMb: peakHeap / 2 ** 20 };
  } finally {
    clearInterval(timer);
    sample();
  }
}

async function main() {
  await ensureTemplateDatabase();
  const [temporal, db, slack] = await Promise.all([startTemporal(), createTestDatabase(), startSlackStub()]);
  const cleanups: Array<() => Promise<void>> = [() => temporal.teardown(), () => db.drop(), () => slack.close()];
  const limit = setTimeout(() => {
    console.error(`[access-review] exceeded ${LIMIT_MS / 1000} s; stopping`);
    void Promise.allSettled(cleanups.reverse().map((c) => c())).then(() => process.exit(2));
  }, LIMIT_MS);
  try {
    const config = loadConfig({
      DATABASE_URL: db.url,
      WARDEN_MASTER_KEY: randomBytes(32).toString('base64'),
      WARDEN_SERVICE_TOKEN: randomBytes(24).toString('hex'),
      WARDEN_BOOTSTRAP_ADMINS: `${ADMIN}:bench.admin@example.com`,
      WARDEN_ADMIN_CHANNEL: 'C0BENCHADM1',
      TEMPORAL_TASK_QUEUE: `warden-bench-${randomUUID().slice(0, 8)}`,
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: 'bench-signing-secret',
      SLACK_API_URL: slack.url,
      KEY_API_PORT: '0',
      LOG_LEVEL: 'warn',
      WARDEN_REVIEW_DEADLINE: '1h',
      WARDEN_REVIEW_REMINDER_EVERY: '3s',
    });
    const logger = createLogger({ level: 'warn', sink: (line) => process.stderr.write(`${line}\n`) });
    const warden = await startWarden({ config, logger, temporalAddress: temporal.address, workflowBundle: await workflowBundle(), parts: { worker: true, bot: false, api: false } });
    cleanups.push(() => warden.stop());
    const prisma = warden.services.prisma;

    const seeded = await measure(() => seed(prisma, MEMBERS));
    console.log(`Seeded ${MEMBERS.toLocaleString('en')} members with one grant each in ${(seeded.ms / 1000).toFixed(1)} s.`);

    const reviewId = `membership-review:bench:${randomUUID().slice(0, 8)}`;
    const input: MembershipReviewInput = { settings: warden.services.reviewSettings, startedBySlackId: ADMIN };
    await warden.workflows.startOnce<typeof membershipReview>('membershipReview', { workflowId: reviewId, actor: ADMIN, input });
    const handle = warden.client.workflow.getHandle<typeof membershipReview>(reviewId);
    const opened = await measure(async () => {
      // Open = snapshot written and every reviewer DM'd: the review counts its reviewers only after that.
      for (;;) {
        const r = await prisma.review.findUnique({ where: { id: reviewId }, select: { itemCount: true } });
        // The compliance channel's "is open" notice is posted right after the last reviewer DM.
        if (r && r.itemCount > 0 && slack.channelPosts.count > 0) return r.itemCount;
        await sleep(100);
      }
    });

    // Reviewers decide (straight into the table: what is measured is closing, not 100,000 clicks):
    // 93 % keep, 5 % revoke, 2 % change role.
    await prisma.$executeRawUnsafe(
      `UPDATE review_items SET decision = CASE WHEN abs(hashtext(id)) % 100 < 5 THEN 'revoke' WHEN abs(hashtext(id)) % 100 < 7 THEN 'change_role' ELSE 'keep' END,
         new_role = CASE WHEN abs(hashtext(id)) % 100 BETWEEN 5 AND 6 THEN (CASE WHEN role = 'analyst' THEN 'builder' ELSE 'analyst' END)::"Role" END,
         decided_by_slack_id = reviewer_slack_id, decided_at = now() WHERE review_id = $1`,
      reviewId,
    );
    const closed = await measure(() => handle.result() as Promise<MembershipReviewResult>);
    // Closing starts with the first settle child; the review may have slept up to one reminder interval before it
    // noticed every decision was in, so take the time from its history rather than from the wait above.
    const events = (await handle.fetchHistory()).events ?? [];
    const eventMs = (e: (typeof events)[number] | undefined) => (e?.eventTime ? Number(e.eventTime.seconds ?? 0) * 1000 + (e.eventTime.nanos ?? 0) / 1e6 : 0);
    const closeMs = eventMs(events.find((e) => e.workflowExecutionCompletedEventAttributes)) - eventMs(events.find((e) => e.startChildWorkflowExecutionInitiatedEventAttributes));

    const histories: Array<{ id: string; events: number }> = [];
    for await (const wf of warden.client.workflow.list({ query: `WorkflowId STARTS_WITH "${reviewId}"` })) {
      const events = (await warden.client.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory()).events?.length ?? 0;
      histories.push({ id: wf.workflowId, events });
    }
    histories.sort((a, b) => b.events - a.events);
    const largest = histories[0]!;

    const r = closed.value;
    console.log('');
    console.log(`Review of ${r.memberCount.toLocaleString('en')} members / ${r.itemCount.toLocaleString('en')} grants (${opened.value} items snapshotted)`);
    console.log(`  open  (snapshot + reviewer DMs + compliance notice): ${(opened.ms / 1000).toFixed(1)} s, peak RSS ${opened.peakRssMb.toFixed(0)} MB, peak heap ${opened.peakHeapMb.toFixed(0)} MB`);
    console.log(`  close (settle in child workflows + evidence):        ${(closeMs / 1000).toFixed(1)} s, peak RSS ${closed.peakRssMb.toFixed(0)} MB, peak heap ${closed.peakHeapMb.toFixed(0)} MB`);
    console.log(`  outcomes: ${JSON.stringify(r.tally)}`);
    console.log(`  Slack calls: ${JSON.stringify(Object.fromEntries(slack.counts))}`);
    console.log(`  workflows: ${histories.length}; largest history: ${largest.events} events (${largest.id}); Temporal's limit is 51,200 events`);
    const evidence = await prisma.review.findUnique({ where: { id: reviewId }, select: { evidenceCsv: true } });
    console.log(`  evidence CSV: ${((evidence?.evidenceCsv?.length ?? 0) / 2 ** 20).toFixed(1)} MB, sha256 ${r.evidenceSha256.slice(0, 16)}…`);
    console.log('  (memory is this process: worker, activities, Prisma; the Temporal server and PostgreSQL are separate processes)');
  } finally {
    clearTimeout(limit);
    for (const c of cleanups.reverse()) await c().catch((err: unknown) => console.error('[access-review] clean-up failed:', err));
  }
}

/** 1 manager per 100 members; everyone holds one grant; every 10th a contractor; every 20th inactive. */
async function seed(prisma: Awaited<ReturnType<typeof startWarden>>['services']['prisma'], total: number): Promise<void> {
  const managers = Math.max(1, Math.ceil(total / (REPORTS_PER_MANAGER + 1)));
  const managerIds: string[] = [];
  const rows: Array<{ id: string; slackUserId: string; email: string; displayName: string; contractor: boolean; managerId: string | null; lastActiveAt: Date | null }> = [];
  const now = new Date();
  for (let i = 0; i < total; i += 1) {
    const id = randomUUID();
    const isManager = i < managers;
    if (isManager) managerIds.push(id);
    const slackUserId = `U${String(i).padStart(9, '0')}`;
    rows.push({
      id,
      slackUserId,
      email: `member${i}@example.com`,
      displayName: `Member ${i}`,
      contractor: !isManager && i % 10 === 0,
      managerId: isManager ? null : managerIds[i % managers]!,
      lastActiveAt: i % 20 === 0 ? null : now,
    });
  }
  const roles = ['builder', 'analyst', 'support_lead'] as const;
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = rows.slice(i, i + 5000);
    await prisma.member.createMany({ data: chunk });
    await prisma.roleGrant.createMany({
      data: chunk.map((m, n) => ({ memberId: m.id, role: roles[(i + n) % 3]!, status: 'approved' as const, grantedBySlackId: 'seed', reason: 'seed', requestId: `seed-${m.id}` })),
    });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
