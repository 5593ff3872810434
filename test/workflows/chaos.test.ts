// Chaos: 50 key adds and rotations while the worker process is SIGKILLed at random points and the Temporal
// server itself is killed and started again on its database file. Every request must end exactly once.
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import type { KeyEnvironment, Provider } from '../../lib/contracts';
import type { addProviderKey } from '../../workflows';
import { fakeKey, startAddKey } from '../helpers/key-workflows';
import { ADMIN_CHANNEL, startTestStack, type TestStack } from '../helpers/warden-stack';
import { killHard, processAlive, startWorkerProcess, type WorkerProcess } from '../helpers/worker-process';

const REQUESTS = 50;
const WORKER_KILLS = 5;
const SLOTS: Array<{ provider: Provider; environment: KeyEnvironment }> = [
  { provider: 'openai', environment: 'production' },
  { provider: 'openai', environment: 'staging' },
  { provider: 'anthropic', environment: 'production' },
  { provider: 'anthropic', environment: 'staging' },
  { provider: 'gemini', environment: 'production' },
  { provider: 'gemini', environment: 'staging' },
];

let stack: TestStack;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  // Temporal on a database file it can be killed and restarted on; the worker in processes of its own.
  stack = await startTestStack({
    temporal: 'restartable',
    parts: { worker: false, bot: false, api: false },
    // The provider check's deadline bounds a provider outage; here the outage is Warden's own worker and Temporal,
    // down for tens of seconds in all on a loaded machine, and the default test deadline (40 s) could run out first.
    env: { WARDEN_PROVIDER_RETRY_DEADLINE: '5m' },
  });
}, 120_000);

afterAll(async () => {
  for (const w of workers) await killHard(w).catch(() => undefined);
  await stack?.stop();
});

/** A small seeded generator, so a failing run can be replayed with the seed it printed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Retries what Temporal refuses while its server is down, as a person would retry the command. */
async function untilTemporalAnswers<T>(what: string, run: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      return await run();
    } catch (err) {
      // A workflow that ended failed is an answer, not an outage: say why, down to the first cause.
      if (err instanceof WorkflowFailedError || Date.now() > deadline) throw new Error(`${what}: ${causeChain(err)}`);
      await sleep(500);
    }
  }
}

function causeChain(err: unknown): string {
  const parts: string[] = [];
  for (let e = err as (Error & { cause?: unknown; type?: string }) | undefined; e; e = e.cause as typeof e) parts.push(`${e.name}${e.type ? ` [${e.type}]` : ''}: ${e.message}`);
  return parts.join(' <- ');
}

async function newWorker(): Promise<WorkerProcess> {
  const w = startWorkerProcess(stack);
  workers.push(w);
  await w.ready;
  return w;
}

// The ceiling is generous: on a quiet 2-core machine a run takes about two minutes, next to other test files about four.
test('50 key adds and rotations survive 5 worker SIGKILLs and a Temporal server restart, each exactly once', async () => {
  const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 100_000);
  const rand = random(seed);
  const began = Date.now();
  // Printed first, so a failing run can be replayed too.
  console.log(`chaos: seed ${seed} (CHAOS_SEED=${seed} replays it)`);

  const requests = Array.from({ length: REQUESTS }, (_, i) => {
    const slot = SLOTS[i % SLOTS.length]!;
    return { ...slot, apiKey: fakeKey(slot.provider), mode: (i < SLOTS.length ? 'add' : 'rotate') as 'add' | 'rotate', workflowId: `key-${i < SLOTS.length ? 'add' : 'rotate'}:chaos:${i}` };
  });
  // Slow enough that requests are mid-flight (stored, being checked, activating) when the kills land.
  for (const r of requests) stack.providers.setKey(r.apiKey, { kind: 'slow', delayMs: 200 + Math.floor(rand() * 600) });

  let worker = await newWorker();
  const handles: Array<WorkflowHandle<typeof addProviderKey>> = [];
  let starting = true;
  const starter = (async () => {
    for (const r of requests) {
      handles.push(await untilTemporalAnswers(`start ${r.workflowId}`, () => startAddKey(stack, r)));
      await sleep(100 + rand() * 300);
    }
    starting = false;
  })();

  // The chaos: kill the worker at random points; kill the Temporal server once, in the middle.
  let kills = 0;
  let temporalRestarted = false;
  while (kills < WORKER_KILLS || starting) {
    await sleep(1_000 + rand() * 2_000);
    if (kills < WORKER_KILLS) {
      await killHard(worker);
      expect(processAlive(worker.pid)).toBe(false);
      kills += 1;
    }
    if (kills === 2 && !temporalRestarted) {
      await stack.temporalServer!.kill();
      expect(stack.temporalServer!.isRunning()).toBe(false);
      await sleep(1_500 + rand() * 2_000);
      await stack.temporalServer!.start();
      temporalRestarted = true;
    }
    // A worker that died on its own while the server was away is replaced too.
    if (!processAlive(worker.pid) || worker.child.exitCode !== null) worker = await newWorker();
  }
  await starter;
  expect(kills).toBeGreaterThanOrEqual(WORKER_KILLS);
  expect(temporalRestarted).toBe(true);
  if (!processAlive(worker.pid)) worker = await newWorker();

  // Settled, not raced: a rejection must not leave other calls retrying against a connection the stack then closes.
  const settled = await Promise.allSettled(handles.map((h) => untilTemporalAnswers(`result of ${h.workflowId}`, () => h.result())));
  expect(settled.flatMap((s) => (s.status === 'rejected' ? [(s.reason as Error).message] : []))).toEqual([]);
  expect(settled).toHaveLength(REQUESTS);

  const { keys, audit } = stack.warden.services;
  const rows = await keys.list();
  for (const r of requests) {
    // One key row per request, and it is the key this request carried.
    const mine = rows.filter((k) => k.requestId === r.workflowId);
    expect({ request: r.workflowId, rows: mine.length }).toEqual({ request: r.workflowId, rows: 1 });
    // One Slack thread per request.
    const parents = stack.slack.messages(ADMIN_CHANNEL).filter((m) => !m.thread_ts && m.text?.includes(mine[0]!.fingerprint));
    expect({ request: r.workflowId, threads: parents.length }).toEqual({ request: r.workflowId, threads: 1 });
    // Activated exactly once.
    const activated = await audit.list({ action: 'key.activated', target: mine[0]!.id });
    expect({ request: r.workflowId, activations: activated.length }).toEqual({ request: r.workflowId, activations: 1 });
  }
  // One active key per slot, and it is the slot's key.
  for (const slot of SLOTS) {
    const active = rows.filter((k) => k.provider === slot.provider && k.environment === slot.environment && k.status === 'active');
    expect(active).toHaveLength(1);
    expect((await keys.findActive(slot.provider, slot.environment))?.id).toBe(active[0]!.id);
  }
  expect(await audit.verify()).toMatchObject({ ok: true });
  console.log(`chaos: ${REQUESTS} requests, ${kills} worker kills, 1 Temporal restart, settled in ${Math.round((Date.now() - began) / 1000)} s (seed ${seed}; CHAOS_SEED=${seed} replays it)`);
}, 420_000);
