// The scheduled health sweep over 10,000 active keys. Warden runs as `npm start` runs it (scripts/start.sh, a
// process of its own); the provider fake runs in another process, answers every list-models call in 50 ms and
// counts the most requests each provider had in flight; this process seeds the keys straight into PostgreSQL,
// sealed and fingerprinted like real ones, fires the sweep's schedule and reports its duration, the in-flight
// maximum per provider, the history lengths and Warden's peak memory. `npm run bench -- health-sweep`
// (BENCH_KEYS=…, BENCH_PROVIDER_LATENCY_MS=… to change the size and the fake's latency).
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ScheduleOverlapPolicy } from '@temporalio/client';
import { loadConfig } from '../lib/config';
import { PROVIDERS, workflowIds, type HealthSweepSummary, type Provider } from '../lib/contracts';
import { createTestDatabase, ensureTemplateDatabase } from '../test/helpers/database';
import { fakeKey } from '../test/helpers/key-workflows';
import { seedActiveKeys } from '../test/helpers/seed-active-keys';
import { startTemporal } from '../test/helpers/temporal';
import { startWardenAsNpmStart } from './support/npm-start-process';
import { startProviderFakeProcess } from './support/provider-fake';
import { startSlackStub } from './support/slack-stub';
import { intFromEnv, ratio } from './support/stats';
import { freePort, historyLengths, wardenClient } from './support/temporal-figures';

const KEYS = intFromEnv('BENCH_KEYS', 10_000);
const LATENCY_MS = intFromEnv('BENCH_PROVIDER_LATENCY_MS', 50);
const CONCURRENCY = 8;
const CHECKED: Provider[] = PROVIDERS.filter((p) => p !== 'openai_compatible');
const LIMIT_MS = 14 * 60_000;
const GOAL_MS = 5 * 60_000;

async function main() {
  await ensureTemplateDatabase();
  const [temporal, db, slack, providers] = await Promise.all([startTemporal(), createTestDatabase(), startSlackStub(), startProviderFakeProcess(LATENCY_MS)]);
  const cleanups: Array<() => Promise<unknown>> = [() => temporal.teardown(), () => db.drop(), () => slack.close(), () => providers.stop()];
  const abort = (why: string, code: number) => {
    console.error(`[health-sweep] ${why}; stopping`);
    void Promise.allSettled(cleanups.reverse().map((c) => c())).then(() => process.exit(code));
  };
  const limit = setTimeout(() => abort(`exceeded ${LIMIT_MS / 1000} s`, 2), LIMIT_MS);
  process.once('SIGINT', () => abort('got SIGINT', 130));
  process.once('SIGTERM', () => abort('got SIGTERM', 143));
  try {
    const taskQueue = `warden-bench-${randomUUID().slice(0, 8)}`;
    const slackPort = await freePort();
    const env = {
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      WARDEN_MASTER_KEY: randomBytes(32).toString('base64'),
      WARDEN_SERVICE_TOKEN: randomBytes(24).toString('hex'),
      WARDEN_BOOTSTRAP_ADMINS: 'U0BENCHADM1:bench.admin@example.com',
      WARDEN_ADMIN_CHANNEL: 'C0BENCHADM1',
      WARDEN_HEALTH_SWEEP_CONCURRENCY: String(CONCURRENCY),
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: 'bench-signing-secret',
      SLACK_API_URL: slack.url,
      SLACK_PORT: String(slackPort),
      KEY_API_PORT: String(await freePort()),
      OPENAI_BASE_URL: providers.endpoints.openai,
      ANTHROPIC_BASE_URL: providers.endpoints.anthropic,
      GEMINI_BASE_URL: providers.endpoints.gemini,
      LOG_LEVEL: 'info',
    };

    const seedStarted = Date.now();
    const wanted = Array.from({ length: KEYS }, (_, i) => {
      const provider = CHECKED[i % CHECKED.length]!;
      return { provider, environment: i % 2 ? ('staging' as const) : ('production' as const), apiKey: fakeKey(provider) };
    });
    await seedActiveKeys(db.prisma, loadConfig(env), wanted);
    console.log(`Seeded ${KEYS.toLocaleString('en')} active keys (sealed, fingerprinted, bound) in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s.`);

    const warden = await startWardenAsNpmStart(env, slackPort);
    cleanups.push(() => warden.stop());
    const { client, close } = await wardenClient(temporal.address, loadConfig(env));
    cleanups.push(close);

    await providers.reset();
    const started = Date.now();
    await client.schedule.getHandle(workflowIds.healthSchedule(taskQueue)).trigger(ScheduleOverlapPolicy.ALLOW_ALL);
    let sweepId = '';
    for (; !sweepId; await sleep(200)) {
      for await (const wf of client.workflow.list({ query: `WorkflowType = "keyHealthSweep"` })) sweepId = wf.workflowId;
    }
    const handle = client.workflow.getHandle(sweepId);
    const summary = (await handle.result()) as HealthSweepSummary;
    const ended = Date.now();
    const events = (await handle.fetchHistory()).events ?? [];
    const eventMs = (e: (typeof events)[number] | undefined) => (e?.eventTime ? Number(e.eventTime.seconds ?? 0) * 1000 + (e.eventTime.nanos ?? 0) / 1e6 : 0);
    const sweepMs = eventMs(events[events.length - 1]) - eventMs(events[0]);
    const inFlight = await providers.maxInFlight();
    const memory = warden.memoryBetween(started, ended);
    const histories = await historyLengths(client, sweepId);
    const parent = histories.find((h) => h.id === sweepId)!;
    const largestBatch = histories.find((h) => h.id !== sweepId);

    // The design this replaced checked one key at a time in one workflow: at least the provider's latency per key,
    // and six events per key (activity scheduled/started/completed, workflow task scheduled/started/completed).
    const sequentialMs = KEYS * LATENCY_MS;
    const ok = (met: boolean) => (met ? 'met' : 'NOT met');
    const capOk = CHECKED.every((p) => (inFlight[p] ?? 0) <= CONCURRENCY);
    console.log('');
    console.log(`Health sweep of ${KEYS.toLocaleString('en')} active keys (${CHECKED.join(', ')}; fake answers in ${LATENCY_MS} ms); Warden pid ${warden.pid} as npm start runs it`);
    console.log(`  duration: ${(sweepMs / 1000).toFixed(1)} s (goal < 5 min: ${ok(sweepMs < GOAL_MS)}); baseline, one key at a time: ≥ ${(sequentialMs / 1000).toFixed(0)} s of provider latency alone; ratio ${ratio(sweepMs, sequentialMs)}`);
    console.log(`  max in flight per provider: ${CHECKED.map((p) => `${p} ${inFlight[p] ?? 0}`).join(', ')} (cap ${CONCURRENCY}: ${ok(capOk)})`);
    console.log(`  checked ${summary.checked}, healthy ${summary.healthy}, deferred (rate limited) ${summary.deferred ?? 0}, frozen ${summary.frozen}, alerted ${summary.alerted.length}`);
    console.log(`  histories: sweep ${parent.events} events, ${summary.batches} batches, largest batch ${largestBatch?.events ?? 0} events (goal ≤ 10,000: ${ok(Math.max(parent.events, largestBatch?.events ?? 0) <= 10_000)}); one key at a time would be ≥ ${(6 * KEYS).toLocaleString('en')} events in one history (Temporal's limit: 51,200)`);
    console.log(`  Warden peak RSS ${memory.peakRssMb.toFixed(0)} MB, peak heap ${memory.peakHeapMb.toFixed(0)} MB during the sweep`);
    const warnings = warden.output().split('\n').filter((l) => /"level":"(warn|error)"/.test(l));
    if (warnings.length) console.log(`  Warden logged ${warnings.length} warning(s)/error(s), e.g. ${warnings[0]!.slice(0, 300)}`);
  } finally {
    clearTimeout(limit);
    for (const c of cleanups.reverse()) await c().catch((err: unknown) => console.error('[health-sweep] clean-up failed:', err));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
