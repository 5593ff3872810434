// POST /v1/apikeys/verify under load: calls/s and latency of Warden's key API answering "is this key working and
// what may it do" from memory, next to a bare node:http server answering the same requests. Warden runs as
// `npm start` runs it (worker, bot and key API in one process), the load generator and the bare server each in a
// process of their own. Goal: verification adds well under a millisecond per call (p50 and p99 difference).
import { randomBytes, randomUUID } from 'node:crypto';
import { createTestDatabase, ensureTemplateDatabase } from '../test/helpers/database';
import { startFakeSlack } from '../test/fakes/slack-web-api';
import { startTemporal } from '../test/helpers/temporal';
import { startBareServerProcess, startLoadProcess, startWardenProcess, type PreparedRequest } from './support/processes';
import type { LoadResult } from './support/load-process';
import { intFromEnv, ms, ratio, summarize, table } from './support/stats';
import { performance } from 'node:perf_hooks';
import { createApiKeyVerifier } from '../lib/api-keys/api-key-verifier';
import { createApiKeyHasher, createLocalKms } from '../lib/crypto';
import { createApiKeyRepository } from '../lib/db';
import { createLogger } from '../lib/log';
import { freePort } from '../test/helpers/free-port';
import { runWithLimit } from './support/run-bench';

const CONCURRENCY = intFromEnv('BENCH_CONCURRENCY', 32);
const REQUESTS = intFromEnv('BENCH_REQUESTS', 20_000);
const WARM_UP = Math.min(REQUESTS, 2_000);
const ADMIN = 'U0BENCHADM1';


async function main(): Promise<void> {
  await ensureTemplateDatabase();
  const [temporal, db, slack] = await Promise.all([startTemporal(), createTestDatabase(), startFakeSlack({ botToken: 'xoxb-bench-token' })]);
  const [slackPort, apiPort] = [await freePort(), await freePort()];
  const serviceToken = randomBytes(24).toString('hex');
  const env: Record<string, string> = {
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_TASK_QUEUE: `bench-${randomUUID().slice(0, 8)}`,
    WARDEN_MASTER_KEY: randomBytes(32).toString('base64'),
    WARDEN_SERVICE_TOKEN: serviceToken,
    WARDEN_BOOTSTRAP_ADMINS: `${ADMIN}:bench.admin@example.com`,
    WARDEN_ADMIN_CHANNEL: 'C0BENCHADM1',
    SLACK_BOT_TOKEN: 'xoxb-bench-token',
    SLACK_SIGNING_SECRET: randomBytes(16).toString('hex'),
    SLACK_API_URL: slack.apiUrl,
    SLACK_PORT: String(slackPort),
    KEY_API_PORT: String(apiPort),
    // One load generator is one client address: lift the per-address limit so the figures measure verification.
    KEY_API_RATE_LIMIT: '100000',
    KEY_API_RATE_BURST: '100000',
  };
  const stops: Array<() => Promise<unknown>> = [() => temporal.teardown(), () => db.drop(), () => slack.close()];
  try {
    const warden = await startWardenProcess(env, slackPort);
    stops.unshift(() => warden.stop());
    const bare = await startBareServerProcess();
    stops.unshift(() => bare.stop());
    const load = startLoadProcess();
    stops.unshift(() => load.stop());
    const apiUrl = `http://127.0.0.1:${apiPort}`;

    const created = await fetch(`${apiUrl}/v1/apikeys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${serviceToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bench-widget', ownerSlackId: ADMIN, scopes: { actions: ['chat', 'widget'], environments: ['production'], agents: ['*'] } }),
    });
    if (created.status !== 201) throw new Error(`could not create the benchmark key: ${created.status} ${await created.text()}`);
    const { key } = (await created.json()) as { key: string };
    const request: PreparedRequest = { body: JSON.stringify({ key }), headers: { 'content-type': 'application/json' } };
    const requests = (n: number) => Array.from({ length: n }, () => request);

    const verifyUrl = `${apiUrl}/v1/apikeys/verify`;
    await load.run(bare.url, requests(WARM_UP), CONCURRENCY);
    await load.run(verifyUrl, requests(WARM_UP), CONCURRENCY);
    const b = await load.run(bare.url, requests(REQUESTS), CONCURRENCY);
    const w = await load.run(verifyUrl, requests(REQUESTS), CONCURRENCY);
    const [sw, sb] = [figures(w), figures(b)];
    console.log(`apikey-verify: ${REQUESTS} POST /v1/apikeys/verify per server, ${CONCURRENCY} in flight; Warden (pid ${warden.pid}) as npm start runs it\n`);
    console.log(
      table([
        ['', 'p50', 'p99', 'max', 'calls/s', 'not 200'],
        ['Warden: verify', ms(sw.p50), ms(sw.p99), ms(sw.max), sw.rps.toFixed(0), String(sw.failed)],
        ['  bare node:http', ms(sb.p50), ms(sb.p99), ms(sb.max), sb.rps.toFixed(0), String(sb.failed)],
        ['  ratio Warden/bare', ratio(sw.p50, sb.p50), ratio(sw.p99, sb.p99), ratio(sw.max, sb.max), ratio(sw.rps, sb.rps), ''],
      ]),
    );
    const addedP50 = sw.p50 - sb.p50;
    const addedP99 = sw.p99 - sb.p99;
    // Both servers are bounded by the same load generator on a shared machine: the difference is within its noise.
    console.log(`\nWarden minus bare per call over HTTP: p50 ${ms(addedP50)}, p99 ${ms(addedP99)} (the load generator bounds both; differences under ~1 ms are noise).`);
    const own = await verifierAlone(db.prisma, env.WARDEN_MASTER_KEY!, key);
    console.log(
      `The verification itself (the same code, in this process, no HTTP), ${own.calls} calls after the first lookup: ` +
        `p50 ${(own.p50 * 1000).toFixed(1)} µs, p99 ${(own.p99 * 1000).toFixed(1)} µs, ${own.rps.toFixed(0)} calls/s on one core ` +
        `(goal: well under 1 ms added per call: ${own.p99 < 0.1 ? 'met' : 'NOT met'}).`,
    );
    if (sw.failed) console.log(`Warden answered ${sw.failed} call(s) with something other than 200; first answer: ${w.sample}`);
  } finally {
    for (const stop of stops) await stop().catch((err: unknown) => console.error('clean-up failed:', err));
  }
}

/** What verify() costs once the key is in memory: an HMAC, a constant-time compare and a few comparisons. */
async function verifierAlone(prisma: Parameters<typeof createApiKeyRepository>[0], masterKey: string, key: string) {
  const kms = createLocalKms({ current: { version: 1, key: Buffer.from(masterKey, 'base64') } });
  const verifier = createApiKeyVerifier({ apiKeys: createApiKeyRepository(prisma), hasher: await createApiKeyHasher(kms), flushEveryMs: 60_000, logger: createLogger({ level: 'error', sink: () => undefined }) });
  await verifier.start();
  if (!(await verifier.verify(key)).ok) throw new Error('the in-process verifier refused the benchmark key');
  const calls = 100_000;
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    await verifier.verify(key);
    samples.push(performance.now() - t);
  }
  const wall = performance.now() - started;
  await verifier.stop();
  const s = summarize(samples);
  return { calls, p50: s.p50, p99: s.p99, rps: (calls / wall) * 1000 };
}

function figures(r: LoadResult) {
  const s = summarize(r.latenciesMs);
  return { ...s, rps: (r.latenciesMs.length / r.wallMs) * 1000, failed: r.statuses.filter((x) => x !== 200).length };
}

runWithLimit('apikey-verify', 10 * 60_000, main);
