// Slash-command ack latency: 100 concurrent signed `/warden keys` requests at Warden's Slack endpoint, next to
// a bare node:http server answering the same requests. Slack shows the person an error when the ack takes
// longer than 3 s, so the deadline misses are counted as well as the percentiles.
import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks';
import { maskKey } from '../lib/crypto/mask';
import { fakeKey, sealKey, startAddKey } from '../test/helpers/key-workflows';
import { signSlackBody, slashCommandBody } from '../test/helpers/slack-requests';
import { ADMIN, OPS_CHANNEL, type TestStack } from '../test/helpers/warden-stack';
import { startBareServer } from './support/bare-server';
import { startLoadClient, type PreparedRequest, type RequestOutcome } from './support/load-client';
import { printComplaints, runBench } from './support/run-bench';
import { intFromEnv, ms, ratio, summarize, table } from './support/stats';

const CONCURRENCY = intFromEnv('BENCH_CONCURRENCY', 100);
const ROUNDS = intFromEnv('BENCH_ROUNDS', 5);
const SLACK_ACK_DEADLINE_MS = 3000;
const PAUSE_BETWEEN_ROUNDS_MS = 250;
/**
 * `/warden keys` reads every key ever stored (failed and revoked included) and shows at most 45, so the ack
 * should not slow down as history grows; the second part measures it with this many old keys (0 skips it).
 */
const HISTORY_KEYS = intFromEnv('BENCH_HISTORY_KEYS', 1000, 0);
// Keys to list, so the ack carries a realistic key list read from PostgreSQL rather than the empty answer.
const SEEDED = [
  { provider: 'openai', environment: 'production' },
  { provider: 'openai', environment: 'staging' },
  { provider: 'anthropic', environment: 'production' },
  { provider: 'gemini', environment: 'production' },
] as const;

/** One batch of real signed slash commands, as Slack would send them now (signatures go stale in 5 min). */
function prepareRound(signingSecret: string): PreparedRequest[] {
  return Array.from({ length: CONCURRENCY }, () => {
    const body = slashCommandBody({ text: 'keys', userId: ADMIN.id, channelId: OPS_CHANNEL });
    const timestamp = Math.floor(Date.now() / 1000);
    return {
      body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
        accept: 'application/json,*/*',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signSlackBody(signingSecret, timestamp, body),
      },
    };
  });
}

async function seedKeys(stack: TestStack): Promise<void> {
  for (const slot of SEEDED) {
    const apiKey = fakeKey(slot.provider);
    stack.providers.setKey(apiKey, { kind: 'valid' });
    const handle = await startAddKey(stack, { apiKey, provider: slot.provider, environment: slot.environment });
    await handle.result();
  }
}

/** Old keys, as months of failed adds leave behind: sealed, stored pending, then marked failed. */
async function seedHistory(stack: TestStack, count: number): Promise<void> {
  const { keys, fingerprints } = stack.warden.services;
  const seedOne = async () => {
    const apiKey = fakeKey('openai');
    const requestId = `key-add:bench-history:${randomUUID()}`;
    const sealedSecretId = await sealKey(stack, apiKey);
    const key = await keys.createPending({
      requestId,
      workflowId: requestId,
      provider: 'openai',
      environment: 'staging',
      ...fingerprints.stamp(apiKey, { sealedSecretId, provider: 'openai', environment: 'staging', baseUrl: null }),
      maskedKey: maskKey(apiKey),
      sealedSecretId,
      addedBySlackId: ADMIN.id,
    });
    await keys.markFailed(key.id, 'seeded by the benchmark');
  };
  for (let done = 0; done < count; done += 10) await Promise.all(Array.from({ length: Math.min(10, count - done) }, seedOne));
}

async function measuringLoop<T>(histogram: IntervalHistogram | undefined, run: () => Promise<T>): Promise<T> {
  histogram?.enable();
  try {
    return await run();
  } finally {
    histogram?.disable();
  }
}

function loopDelay(h: IntervalHistogram): string {
  // The histogram counts in nanoseconds and includes the sampling interval itself.
  return `p50 ${ms(h.percentile(50) / 1e6)}, max ${ms(h.max / 1e6)}`;
}

/** The ack's summary line and how many of the listed keys are active ones. */
function describeKeyList(o: RequestOutcome): string {
  try {
    const body = JSON.parse(o.sample ?? '') as { text?: string; blocks?: Array<{ text?: { text?: string } }> };
    const listed = (body.blocks ?? []).filter((b) => /\*(active|pending|retiring|revoked|failed|compromised)\*/.test(b.text?.text ?? ''));
    const active = listed.filter((b) => (b.text?.text ?? '').includes('*active*')).length;
    return `"${body.text}", ${listed.length} keys listed, ${active} of them active`;
  } catch {
    return `HTTP ${o.status}, not a key list`;
  }
}

/** A Warden ack is right when it is a 200 carrying the key list (blocks), not just any 200. */
function isKeyListAck(o: RequestOutcome): boolean {
  return o.status === 200 && (o.sample === undefined || /"blocks"/.test(o.sample));
}

void runBench({
  name: 'slash-ack',
  limitMs: 8 * 60_000,
  parts: { bot: true, worker: true, api: false },
  async run(stack) {
    await seedKeys(stack);
    const bare = await startBareServer();
    const client = startLoadClient();
    const secret = stack.env.SLACK_SIGNING_SECRET!;
    // Warden's event loop (the main thread; the load generator has its own) while Warden answers a round.
    const loop = { plain: monitorEventLoopDelay({ resolution: 10 }), history: monitorEventLoopDelay({ resolution: 10 }) };
    const results = { warden: [] as RequestOutcome[], bare: [] as RequestOutcome[], history: [] as RequestOutcome[] };
    try {
      console.log(`slash-ack: ${CONCURRENCY} concurrent signed "/warden keys" requests, 1 warm-up + ${ROUNDS} measured rounds per server`);
      for (let round = 0; round <= ROUNDS; round++) {
        // The same signed bodies go to both servers; the rounds alternate so background load on this shared
        // machine falls on both alike.
        const requests = prepareRound(secret);
        const warden = await measuringLoop(round === 0 ? undefined : loop.plain, () => client.fire(stack.botUrl, requests));
        await new Promise((r) => setTimeout(r, PAUSE_BETWEEN_ROUNDS_MS));
        const baseline = await client.fire(bare.url, requests);
        await new Promise((r) => setTimeout(r, PAUSE_BETWEEN_ROUNDS_MS));
        const label = round === 0 ? 'warm-up' : `round ${round}`;
        console.log(`  ${label.padEnd(8)} Warden p50 ${ms(summarize(warden.map((o) => o.ms)).p50)}, bare p50 ${ms(summarize(baseline.map((o) => o.ms)).p50)}`);
        if (round === 0) {
          const first = warden[0]!;
          console.log(`  first ack: HTTP ${first.status}, ${isKeyListAck(first) ? describeKeyList(first) : `unexpected: ${(first.sample ?? '').slice(0, 200)}`}`);
          continue;
        }
        results.warden.push(...warden);
        results.bare.push(...baseline);
      }
      if (HISTORY_KEYS > 0) {
        const seeding = performance.now();
        await seedHistory(stack, HISTORY_KEYS);
        console.log(`slash-ack: stored ${HISTORY_KEYS} old (failed) keys in ${ms(performance.now() - seeding)}; Warden again, ${ROUNDS} rounds`);
        for (let round = 1; round <= ROUNDS; round++) {
          const outcomes = await measuringLoop(loop.history, () => client.fire(stack.botUrl, prepareRound(secret)));
          if (round === 1) console.log(`  what the person sees: ${describeKeyList(outcomes[0]!)}`);
          results.history.push(...outcomes);
          await new Promise((r) => setTimeout(r, PAUSE_BETWEEN_ROUNDS_MS));
        }
      }
    } finally {
      await client.close();
      await bare.close();
    }
    report(results.warden, results.bare, results.history);
    console.log(`\nWarden's event loop delay while answering: ${loopDelay(loop.plain)}${results.history.length ? `; with old keys stored: ${loopDelay(loop.history)}` : ''}`);
    printComplaints('slash-ack', stack.logLines);
  },
}).catch((err: unknown) => {
  console.error('slash-ack failed:', err);
  process.exitCode = 1;
});

function report(warden: RequestOutcome[], bare: RequestOutcome[], history: RequestOutcome[]): void {
  const w = summarize(warden.map((o) => o.ms));
  const b = summarize(bare.map((o) => o.ms));
  const h = history.length ? summarize(history.map((o) => o.ms)) : undefined;
  console.log(`\nAck latency over ${w.count} requests each (${ROUNDS} rounds of ${CONCURRENCY} concurrent):\n`);
  console.log(
    table([
      ['', 'p50', 'p99', 'max'],
      ['Warden (/warden keys)', ms(w.p50), ms(w.p99), ms(w.max)],
      ['bare node:http', ms(b.p50), ms(b.p99), ms(b.max)],
      ['ratio Warden/bare', ratio(w.p50, b.p50), ratio(w.p99, b.p99), ratio(w.max, b.max)],
      ...(h
        ? [
            [`Warden, ${HISTORY_KEYS} old keys stored`, ms(h.p50), ms(h.p99), ms(h.max)],
            ['ratio with old keys/bare', ratio(h.p50, b.p50), ratio(h.p99, b.p99), ratio(h.max, b.max)],
          ]
        : []),
    ]),
  );
  const all = [...warden, ...history];
  const late = all.filter((o) => o.ms > SLACK_ACK_DEADLINE_MS).length;
  const failed = all.filter((o) => o.status !== 200);
  const statuses = [...new Set(failed.map((o) => (o.error ? `network error (${o.error})` : `HTTP ${o.status}`)))];
  console.log(`\nOver Slack's ${SLACK_ACK_DEADLINE_MS} ms ack deadline: ${late} of ${all.length} Warden requests`);
  console.log(`Warden answers other than 200: ${failed.length}${statuses.length ? ` (${statuses.join(', ')})` : ''}`);
  const bareFailed = bare.filter((o) => o.status !== 200).length;
  if (bareFailed) console.log(`Bare server answers other than 200: ${bareFailed}`);
}
