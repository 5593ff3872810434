// Slack ack latency and throughput under 100 concurrent signed requests, for the three kinds of request people
// send most: `/warden keys`, a key-modal view_submission and an approval click (block_actions). Warden runs as
// `npm start` runs it (worker, bot and key API in one process), the load generator in a process of its own, and
// next to it a bare node:http server, in its own process too, answers the same requests: the ratios are the
// figures to compare.
import { randomBytes, randomUUID } from 'node:crypto';
import { GRANT_ACTIONS } from '../lib/contracts';
import { createTestDatabase, ensureTemplateDatabase } from '../test/helpers/database';
import { startFakeProviderServer } from '../test/fakes/provider-server';
import { startFakeSlack } from '../test/fakes/slack-web-api';
import { fakeKey } from '../test/helpers/key-workflows';
import { keyModalValues } from '../test/helpers/slack-driver';
import { blockActionsBody, signSlackBody, slashCommandBody, viewSubmissionBody } from '../test/helpers/slack-requests';
import { startTemporal } from '../test/helpers/temporal';
import { startBareServerProcess, startLoadProcess, startWardenProcess, type PreparedRequest } from './support/processes';
import type { LoadResult } from './support/load-process';
import { intFromEnv, ms, ratio, summarize, table } from './support/stats';
import { freePort } from '../test/helpers/free-port';
import { runWithLimit } from './support/run-bench';

const CONCURRENCY = intFromEnv('BENCH_CONCURRENCY', 100);
const REQUESTS = intFromEnv('BENCH_REQUESTS', 2000);
const WARM_UP = Math.min(REQUESTS, 200);
const DEADLINE_MS = 3000;
const ADMIN = 'U0BENCHADM1';
const APPROVER = 'U0BENCHADM2';
const REQUESTER = 'U0BENCHREQ1';
const CHANNEL = 'C0BENCHOPS1';
const ADMIN_CHANNEL = 'C0BENCHADM1';

interface Kind {
  name: string;
  prepare(n: number): PreparedRequest[];
}

function signed(secret: string, body: string): PreparedRequest {
  const ts = Math.floor(Date.now() / 1000);
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': signSlackBody(secret, ts, body),
    },
  };
}


async function main(): Promise<void> {
  await ensureTemplateDatabase();
  const [temporal, db, slack, providers] = await Promise.all([startTemporal(), createTestDatabase(), startFakeSlack({ botToken: 'xoxb-bench-token' }), startFakeProviderServer()]);
  const slackPort = await freePort();
  const secret = randomBytes(16).toString('hex');
  const env: Record<string, string> = {
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_TASK_QUEUE: `bench-${randomUUID().slice(0, 8)}`,
    WARDEN_MASTER_KEY: randomBytes(32).toString('base64'),
    WARDEN_SERVICE_TOKEN: randomBytes(24).toString('hex'),
    WARDEN_BOOTSTRAP_ADMINS: `${ADMIN}:bench.admin@example.com,${APPROVER}:bench.approver@example.com`,
    WARDEN_ADMIN_CHANNEL: ADMIN_CHANNEL,
    SLACK_BOT_TOKEN: 'xoxb-bench-token',
    SLACK_SIGNING_SECRET: secret,
    SLACK_API_URL: slack.apiUrl,
    SLACK_PORT: String(slackPort),
    KEY_API_PORT: String(await freePort()),
    OPENAI_BASE_URL: providers.endpoints.openai,
    ANTHROPIC_BASE_URL: providers.endpoints.anthropic,
    GEMINI_BASE_URL: providers.endpoints.gemini,
  };
  const stops: Array<() => Promise<unknown>> = [() => temporal.teardown(), () => db.drop(), () => slack.close(), () => providers.close()];
  try {
    const warden = await startWardenProcess(env, slackPort);
    stops.unshift(() => warden.stop());
    const bare = await startBareServerProcess();
    stops.unshift(() => bare.stop());
    const load = startLoadProcess();
    stops.unshift(() => load.stop());
    const wardenUrl = `http://127.0.0.1:${slackPort}/slack/events`;

    // A pending access request whose Approve button the click benchmark presses.
    await db.prisma.member.create({ data: { slackUserId: REQUESTER, email: 'bench.requester@example.com', displayName: 'R' } });
    const requested = await load.run(wardenUrl, [signed(secret, slashCommandBody({ text: `access request <@${REQUESTER}|r> analyst for 1h bench`, userId: REQUESTER, channelId: CHANNEL, responseUrl: slack.issueResponseUrl() }))], 1);
    if (requested.statuses[0] !== 200) throw new Error(`the access request was not acknowledged: ${requested.sample}`);
    const approval = await waitFor(() => slack.messages(ADMIN_CHANNEL).find((m) => !m.thread_ts && m.text?.includes(`<@${REQUESTER}> → *analyst*`)));
    const approveValue = (approval.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>).find((b) => b.type === 'actions')!.elements!.find((e) => e.action_id === GRANT_ACTIONS.approve)!.value;
    // Approved once; the measured clicks are the ones that come after (people clicking a button already decided),
    // so the benchmark does not pile 2,000 updates onto one workflow.
    const clickBody = () => blockActionsBody({ userId: APPROVER, actionId: GRANT_ACTIONS.approve, blockId: 'warden_grant_decision', value: approveValue, channelId: ADMIN_CHANNEL, messageTs: approval.ts, responseUrl: slack.issueResponseUrl() });
    await load.run(wardenUrl, [signed(secret, clickBody())], 1);
    await waitFor(() => slack.messages(ADMIN_CHANNEL).find((m) => m.ts === approval.ts && m.text?.includes('Approved')));

    const allKinds: Kind[] = [
      {
        name: '/warden keys',
        prepare: (n) => Array.from({ length: n }, () => signed(secret, slashCommandBody({ text: 'keys', userId: ADMIN, channelId: CHANNEL, responseUrl: slack.issueResponseUrl() }))),
      },
      {
        name: 'approval click',
        prepare: (n) => Array.from({ length: n }, () => signed(secret, clickBody())),
      },
      {
        // Last: each submission starts a real key workflow, whose work goes on in Warden's process afterwards.
        name: 'key modal submit',
        prepare: (n) =>
          Array.from({ length: n }, () => {
            const apiKey = fakeKey('openai');
            providers.setKey(apiKey, { kind: 'valid' });
            const view = { id: `V${randomBytes(5).toString('hex').toUpperCase()}`, callback_id: 'warden_key_submit', private_metadata: JSON.stringify({ mode: 'add', channelId: CHANNEL }) };
            return signed(secret, viewSubmissionBody({ userId: ADMIN, view, values: keyModalValues({ provider: 'openai', environment: 'staging', apiKey, ownerTeam: 'Bench' }) }));
          }),
      },
    ];

    // BENCH_KINDS=keys,click,modal runs a subset (profiling one kind at a time).
    const only = process.env.BENCH_KINDS?.split(',').map((k) => k.trim());
    const kinds = only ? allKinds.filter((k) => only.some((o) => k.name.includes(o))) : allKinds;
    console.log(`slack-acks: ${REQUESTS} signed requests per kind and server, ${CONCURRENCY} in flight; Warden (pid ${warden.pid}) as npm start runs it\n`);
    const rows: string[][] = [['', 'p50', 'p99', 'max', 'req/s', 'over 3 s', 'not 200']];
    const verdicts: string[] = [];
    for (const kind of kinds) {
      await load.run(bare.url, kind.prepare(WARM_UP), CONCURRENCY);
      await load.run(wardenUrl, kind.prepare(WARM_UP), CONCURRENCY);
      const b = await load.run(bare.url, kind.prepare(REQUESTS), CONCURRENCY);
      const w = await load.run(wardenUrl, kind.prepare(REQUESTS), CONCURRENCY);
      const [sw, sb] = [figures(w), figures(b)];
      rows.push(row(`Warden: ${kind.name}`, sw), row('  bare node:http', sb), ['  ratio Warden/bare', ratio(sw.p50, sb.p50), ratio(sw.p99, sb.p99), ratio(sw.max, sb.max), ratio(sw.rps, sb.rps), '', '']);
      const p99ok = sw.p99 <= 1.5 * sb.p99;
      const rpsOk = sw.rps >= 0.5 * sb.rps;
      verdicts.push(`${kind.name}: p99 ${ratio(sw.p99, sb.p99)} (goal ≤ 1.5x: ${p99ok ? 'met' : 'NOT met'}), throughput ${ratio(sw.rps, sb.rps)} (goal ≥ 0.5x: ${rpsOk ? 'met' : 'NOT met'})`);
      if (w.errors.length) console.log(`  ${kind.name}: ${w.errors.length} network errors, e.g. ${w.errors[0]}`);
    }
    console.log(table(rows));
    console.log(`\n${verdicts.join('\n')}`);
    const slowAcks = (warden.output().match(/"msg":"slow ack/g) ?? []).length;
    const lateAcks = (warden.output().match(/not acknowledged before the deadline/g) ?? []).length;
    console.log(`\nWarden logged ${slowAcks} slow ack(s) (over half the deadline) and ${lateAcks} missed deadline(s).`);
    const stalls = [...warden.output().matchAll(/"msg":"event loop blocked"[^\n]*"maxMs":(\d+)/g)].map((m) => Number(m[1]));
    console.log(`Warden's event loop was blocked over 1 s in ${stalls.length} of its 10 s windows${stalls.length ? ` (longest ${Math.max(...stalls)} ms)` : ''}.`);
  } finally {
    for (const stop of stops) await stop().catch((err: unknown) => console.error('clean-up failed:', err));
  }
}

function figures(r: LoadResult) {
  const s = summarize(r.latenciesMs);
  return { ...s, rps: (r.latenciesMs.length / r.wallMs) * 1000, late: r.latenciesMs.filter((x) => x > DEADLINE_MS).length, failed: r.statuses.filter((x) => x !== 200).length };
}

function row(label: string, f: ReturnType<typeof figures>): string[] {
  return [label, ms(f.p50), ms(f.p99), ms(f.max), f.rps.toFixed(0), String(f.late), String(f.failed)];
}

async function waitFor<T>(check: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('timed out waiting for the approval message');
    await new Promise((r) => setTimeout(r, 100));
  }
}

runWithLimit('slack-acks', 12 * 60_000, main);
