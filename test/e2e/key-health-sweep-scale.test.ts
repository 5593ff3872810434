import type { HealthSweepSummary, Provider } from '../../lib/contracts';
import { callFingerprint } from '../fakes/provider-server';
import { fakeKey } from '../helpers/key-workflows';
import { seedActiveKeys, type SeededKey } from '../helpers/seed-active-keys';
import { executeAsWarden } from '../helpers/system-workflows';
import { startTestStack, type TestStack } from '../helpers/warden-stack';

const ALERTS = 'C0SWEEPALRT';
const CAP = 3;
const BATCH = 10;
const LATENCY_MS = 150;

let stack: TestStack;
let run = 0;

beforeAll(async () => {
  stack = await startTestStack({
    env: { WARDEN_ONCALL_CHANNEL: ALERTS, WARDEN_HEALTH_SWEEP_CONCURRENCY: String(CAP), WARDEN_HEALTH_SWEEP_BATCH_SIZE: String(BATCH) },
    // Answers take time, as real APIs do: only then can calls overlap and the cap mean something.
    providers: { latencyMs: LATENCY_MS },
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

/** Retires every key from earlier tests, then stores `count` fresh active keys of each provider, all answering `valid`. */
async function freshKeys(counts: Partial<Record<Provider, number>>): Promise<SeededKey[]> {
  await stack.warden.services.prisma.providerKey.updateMany({ where: { status: 'active' }, data: { status: 'revoked' } });
  const wanted = Object.entries(counts).flatMap(([provider, n]) => Array.from({ length: n }, () => ({ provider: provider as Provider, environment: 'production' as const, apiKey: fakeKey(provider as Provider) })));
  const keys = await seedActiveKeys(stack.warden.services.prisma, stack.config, wanted);
  for (const k of keys) stack.providers.setKey(k.apiKey, { kind: 'valid' });
  return keys;
}

async function sweep(): Promise<{ id: string; summary: HealthSweepSummary; ms: number }> {
  run += 1;
  const id = `test-scale-sweep-${run}`;
  const started = Date.now();
  const summary = await executeAsWarden<HealthSweepSummary>(stack, 'keyHealthSweep', id, { settings: stack.warden.services.onCallSettings });
  return { id, summary, ms: Date.now() - started };
}

const historyLength = async (workflowId: string) => ((await stack.warden.client.workflow.getHandle(workflowId).fetchHistory()).events ?? []).length;
const alertsAbout = (maskedOrId: string) => stack.slack.messages(ALERTS).filter((m) => m.text?.includes(maskedOrId));

test('a sweep larger than one batch never has more calls in flight per provider than configured, and each history stays small', async () => {
  const keys = await freshKeys({ openai: 17, anthropic: 14, gemini: 5 });
  stack.providers.resetMaxInFlight();

  const { id, summary } = await sweep();

  expect(summary).toMatchObject({ checked: keys.length, healthy: keys.length, frozen: 0, deferred: 0, alerted: [], batches: Math.ceil(keys.length / BATCH) });
  const inFlight = stack.providers.maxInFlight();
  // The cap holds per provider, and the sweep does use it (it is not one call at a time).
  for (const provider of ['openai', 'anthropic'] as const) {
    expect(inFlight[provider]).toBeLessThanOrEqual(CAP);
    expect(inFlight[provider]).toBeGreaterThanOrEqual(2);
  }
  expect(inFlight.gemini).toBeLessThanOrEqual(CAP);
  // Every key got its check stored.
  const stored = await stack.warden.services.prisma.providerKey.count({ where: { id: { in: keys.map((k) => k.id) }, lastCheckOutcome: 'valid' } });
  expect(stored).toBe(keys.length);

  // One event list per batch, not per key: the sweep grows by a handful of events per batch, each batch is short.
  const parent = await historyLength(id);
  const batches = await Promise.all(Array.from({ length: summary.batches! }, (_, n) => historyLength(`${id}:batch:${n}`)));
  expect(parent).toBeLessThan(15 + 20 * summary.batches!);
  for (const events of batches) expect(events).toBeLessThan(20);
  // The per-key design this replaced needed at least 3 events per key in one history.
  expect(parent).toBeLessThan(3 * keys.length);
}, 180_000);

test("a 429 pauses that provider's checks for its Retry-After and marks no key unhealthy", async () => {
  const keys = await freshKeys({ openai: 6, anthropic: 15 });
  const slowed = keys.find((k) => k.provider === 'openai')!;
  const throttled = keys.filter((k) => k.provider === 'openai')[1]!;
  stack.providers.setKey(slowed.apiKey, { kind: 'rate_limited_then_valid', failures: 2, retryAfterSeconds: 1 });
  stack.providers.setKey(throttled.apiKey, { kind: 'rate_limited', retryAfterSeconds: 1 });
  const callsBefore = stack.providers.calls.length;

  const { summary, ms } = await sweep();

  // The slowed key was asked again after each pause and passed; the always-throttled one was left for next time.
  expect(summary).toMatchObject({ checked: keys.length - 1, healthy: keys.length - 1, deferred: 1, alerted: [] });
  expect(ms).toBeGreaterThanOrEqual(4000); // five attempts a second apart for the throttled key
  const rows = await stack.warden.services.prisma.providerKey.findMany({ where: { id: { in: [slowed.id, throttled.id] } }, select: { id: true, lastCheckOutcome: true, maskedKey: true } });
  expect(rows.find((r) => r.id === slowed.id)!.lastCheckOutcome).toBe('valid');
  expect(rows.find((r) => r.id === throttled.id)!.lastCheckOutcome).toBeNull();
  for (const k of [slowed, throttled]) {
    const checks = await stack.warden.services.keyHealth.recentChecks(k.id);
    expect(checks.map((c) => c.outcome)).not.toContain('rate_limited');
  }
  for (const r of rows) expect(alertsAbout(r.maskedKey)).toHaveLength(0);

  // After the first 429 came back, OpenAI got no new call for a second; Anthropic's checks went on meanwhile
  // (some Anthropic call falls between OpenAI's 429 and OpenAI's next call, however the machine's load shifts them).
  const calls = stack.providers.calls.slice(callsBefore);
  const limited = new Set([slowed, throttled].map((k) => callFingerprint(k.apiKey)));
  const first429 = calls.find((c) => limited.has(c.apiKeyFingerprint))!;
  const from = first429.at + LATENCY_MS + 100;
  const until = first429.at + 900;
  expect(calls.filter((c) => c.provider === 'openai' && c.at > from && c.at < until)).toHaveLength(0);
  const openaiAgain = calls.find((c) => c.provider === 'openai' && c.at > from)!;
  expect(calls.filter((c) => c.provider === 'anthropic' && c.at > first429.at && c.at < openaiAgain.at).length).toBeGreaterThan(0);
}, 180_000);

test('one alert per key per incident across batches: failing keys alert once, recover once, and alert again on a new failure', async () => {
  const keys = await freshKeys({ anthropic: 12 });
  for (const k of keys) stack.providers.setKey(k.apiKey, { kind: 'invalid' });
  const masked = await stack.warden.services.prisma.providerKey.findMany({ where: { id: { in: keys.map((k) => k.id) } }, select: { id: true, maskedKey: true } });
  const failing = (m: string) => alertsAbout(`\`${m}\``).filter((a) => a.text?.includes('production key failing'));
  const recovered = (m: string) => alertsAbout(`\`${m}\``).filter((a) => a.text?.includes('healthy again'));

  const first = await sweep();
  await sweep();
  expect(first.summary.alerted.sort()).toEqual(keys.map((k) => k.id).sort());
  for (const { maskedKey } of masked) expect(failing(maskedKey)).toHaveLength(1);

  for (const k of keys) stack.providers.setKey(k.apiKey, { kind: 'outage' });
  expect((await sweep()).summary.alerted).toEqual([]);
  for (const k of keys) stack.providers.setKey(k.apiKey, { kind: 'valid' });
  expect((await sweep()).summary.recovered).toHaveLength(keys.length);
  await sweep();
  for (const { maskedKey } of masked) {
    expect(failing(maskedKey)).toHaveLength(1);
    expect(recovered(maskedKey)).toHaveLength(1);
  }

  const again = keys[0]!;
  stack.providers.setKey(again.apiKey, { kind: 'invalid' });
  expect((await sweep()).summary.alerted).toEqual([again.id]);
  expect(failing(masked.find((m) => m.id === again.id)!.maskedKey)).toHaveLength(2);
}, 300_000);
