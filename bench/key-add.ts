// End-to-end key-add latency (workflow start → result) of addProviderKey with a valid key, next to a trivial
// workflow with the same number of activities, each a no-op, on the same Temporal server: the ratio is what
// Warden's activities (PostgreSQL, sealing, the provider check, Slack calls) add to Temporal's own cost.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, type WorkflowHandle } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import type { AddProviderKeyInput } from '../lib/contracts';
import type { addProviderKey } from '../workflows';
import { fakeKey, sealKey } from '../test/helpers/key-workflows';
import { ADMIN, type TestStack } from '../test/helpers/warden-stack';
import { runBreakdown, type RunBreakdown } from './support/history-breakdown';
import { printComplaints, runBench } from './support/run-bench';
import { intFromEnv, ms, ratio, summarize, table } from './support/stats';
import { trivialActivities } from './trivial-workflow/activities';
import type { sequentialNoops } from './trivial-workflow/workflows';

const RUNS = intFromEnv('BENCH_RUNS', 20);
const WARM_UP_RUNS = intFromEnv('BENCH_WARM_UP_RUNS', 3);
/**
 * Idle time before each timed run. A person adds keys one at a time, minutes apart; and the dev server hands
 * out tasks noticeably slower when workflows run back to back (see docs/bench.md), so without a pause the
 * figures would mostly measure how recently the previous run finished.
 */
const PAUSE_MS = intFromEnv('BENCH_PAUSE_MS', 1000, 0);
/**
 * Read from workflows/keys/add-provider-key.ts, the success path of a first key (no previous one):
 * authorizeKeyAdmin, storePendingKey, openKeyThread + postKeyProgress (first publish), checkKeyHealth,
 * updateKeyProgress (after the check), activateKey, updateKeyProgress (finish), notifyUser. The first run's
 * history is checked against it, and the baseline runs as many activities as that history shows.
 */
const EXPECTED_ACTIVITIES = 9;

interface TimedRun {
  ms: number;
  handle: WorkflowHandle;
}

/** One add of a valid key into an empty slot, timed from workflow start to its result. */
async function timedKeyAdd(stack: TestStack): Promise<TimedRun> {
  const apiKey = fakeKey('openai');
  stack.providers.setKey(apiKey, { kind: 'valid' });
  const workflowId = `key-add:bench:${randomUUID()}`;
  // What the modal handler does before it starts the workflow; not part of the workflow's latency.
  const keyRef = await sealKey(stack, apiKey);
  const input: AddProviderKeyInput = {
    mode: 'add',
    requestId: workflowId,
    provider: 'openai',
    environment: 'production',
    keyRef,
    ownerTeam: 'Platform',
    actorSlackId: ADMIN.id,
    settings: stack.warden.services.keySettings,
  };
  await sleep(PAUSE_MS);
  const started = performance.now();
  await stack.warden.workflows.startOnce<typeof addProviderKey>('addProviderKey', { workflowId, actor: ADMIN.id, input });
  const handle = stack.warden.client.workflow.getHandle<typeof addProviderKey>(workflowId);
  const result = await handle.result();
  const elapsed = performance.now() - started;
  if (result.replacedKeyId) throw new Error('the benchmark expected an empty slot, but the key replaced another');
  // Empty the slot again outside the timing, so every run takes the same path (no retire child workflow).
  await stack.warden.services.keys.revoke(result.keyId, new Date());
  return { ms: elapsed, handle };
}

async function timedTrivial(client: Client, taskQueue: string, activities: number): Promise<TimedRun> {
  await sleep(PAUSE_MS);
  const started = performance.now();
  const handle = await client.workflow.start<typeof sequentialNoops>('sequentialNoops', { workflowId: `bench-noops-${randomUUID()}`, taskQueue, args: [activities] });
  await handle.result();
  return { ms: performance.now() - started, handle };
}

void runBench({
  name: 'key-add',
  limitMs: 8 * 60_000,
  parts: { worker: true, bot: false, api: false },
  async run(stack) {
    // The baseline's worker: same server and process, its own task queue, its own bundle, default converter.
    const taskQueue = `bench-trivial-${randomUUID().slice(0, 8)}`;
    const worker = await Worker.create({
      connection: stack.temporal.nativeConnection!,
      namespace: stack.config.temporal.namespace,
      taskQueue,
      workflowsPath: require.resolve('./trivial-workflow/workflows'),
      activities: trivialActivities,
    });
    const client = new Client({ connection: stack.temporal.connection!, namespace: stack.config.temporal.namespace });
    const running = worker.run();
    try {
      const first = await runBreakdown((await timedKeyAdd(stack)).handle);
      console.log(`key-add: addProviderKey ran ${first.activities.length} activities: ${first.activities.join(', ')}`);
      if (first.activities.length !== EXPECTED_ACTIVITIES) {
        console.log(`  (the code reads as ${EXPECTED_ACTIVITIES}; the baseline runs the ${first.activities.length} of the real history)`);
      }
      const activities = first.activities.length;
      for (let i = 1; i < WARM_UP_RUNS; i++) await timedKeyAdd(stack);
      for (let i = 0; i < WARM_UP_RUNS; i++) await timedTrivial(client, taskQueue, activities);

      console.log(`key-add: ${RUNS} runs of each after ${WARM_UP_RUNS} warm-up runs, alternating, ${PAUSE_MS} ms idle before each`);
      const keyAdd: TimedRun[] = [];
      const trivial: TimedRun[] = [];
      for (let i = 0; i < RUNS; i++) {
        keyAdd.push(await timedKeyAdd(stack));
        trivial.push(await timedTrivial(client, taskQueue, activities));
      }
      const breakdowns = {
        keyAdd: await Promise.all(keyAdd.map((r) => runBreakdown(r.handle))),
        trivial: await Promise.all(trivial.map((r) => runBreakdown(r.handle))),
      };
      const odd = breakdowns.trivial.find((b) => b.activities.length !== activities);
      if (odd) throw new Error(`a baseline run scheduled ${odd.activities.length} activities, not ${activities}`);
      report(keyAdd, trivial, activities, breakdowns);
    } finally {
      worker.shutdown();
      await running;
    }
    printComplaints('key-add', stack.logLines);
  },
}).catch((err: unknown) => {
  console.error('key-add failed:', err);
  process.exitCode = 1;
});

function report(keyAdd: TimedRun[], trivial: TimedRun[], activities: number, b: { keyAdd: RunBreakdown[]; trivial: RunBreakdown[] }): void {
  const k = summarize(keyAdd.map((r) => r.ms));
  const t = summarize(trivial.map((r) => r.ms));
  console.log(`\nEnd-to-end latency, workflow start → result, ${k.count} runs each:\n`);
  console.log(
    table([
      ['', 'p50', 'p99', 'max'],
      ['addProviderKey (valid key)', ms(k.p50), ms(k.p99), ms(k.max)],
      [`trivial, ${activities} no-op activities`, ms(t.p50), ms(t.p99), ms(t.max)],
      ['ratio key-add/trivial', ratio(k.p50, t.p50), ratio(k.p99, t.p99), ratio(k.max, t.max)],
    ]),
  );
  const p50 = (runs: RunBreakdown[], part: keyof Omit<RunBreakdown, 'activities'>) => summarize(runs.map((r) => r[part])).p50;
  console.log(`\nWhere a run's time goes (p50 over runs, from the server's event times):\n`);
  console.log(
    table([
      ['', 'activity bodies', 'workflow tasks', 'waiting for a worker'],
      ['addProviderKey', ms(p50(b.keyAdd, 'activityMs')), ms(p50(b.keyAdd, 'workflowTaskMs')), ms(p50(b.keyAdd, 'queueMs'))],
      ['trivial', ms(p50(b.trivial, 'activityMs')), ms(p50(b.trivial, 'workflowTaskMs')), ms(p50(b.trivial, 'queueMs'))],
    ]),
  );
}
