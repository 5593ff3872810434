import { createRefusalAudit, type Refusal } from '../../../api/refusal-audit';
import { createAuditLog } from '../../../lib/db';
import { createLogger } from '../../../lib/log';
import { createTestDatabase, type TestDatabase } from '../../helpers/database';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(() => db.drop());

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 30, 9, 0, 0);

function setUp(opts: { individually?: number } = {}) {
  let now = T0 + 1_000;
  const logLines: string[] = [];
  const audit = createAuditLog(db.prisma);
  const refusals = createRefusalAudit({
    audit,
    logger: createLogger({ level: 'debug', sink: (l) => logLines.push(l) }),
    individuallyPerWindow: opts.individually ?? 3,
    windowMs: MINUTE,
    now: () => now,
  });
  return { audit, refusals, logLines, advance: (ms: number) => (now += ms) };
}

const badToken = (client: string, n = 0): Refusal => ({
  client,
  remoteAddress: client,
  action: 'key.resolve',
  target: 'openai/production',
  path: n % 2 ? '/v1/reviews/evidence' : '/v1/keys/resolve',
  reason: n % 3 ? 'wrong service token' : 'no service token',
});

test('the first refusals of a minute are audited one by one, the rest as one event with the count, reasons and paths', async () => {
  const { audit, refusals, logLines } = setUp();
  for (let n = 0; n < 50; n++) await refusals.refused(badToken('10.0.0.66', n));
  const individual = await audit.list({ action: 'key.resolve' });
  expect(individual).toHaveLength(3);
  expect(individual.map((e) => e.details)).toContainEqual({ reason: 'no service token', remoteAddress: '10.0.0.66', path: '/v1/keys/resolve' });
  expect(individual.every((e) => e.actor === 'unauthenticated' && e.outcome === 'denied')).toBe(true);
  // Counted, not yet written: the minute is not over.
  expect(await audit.list({ action: 'api.refusals' })).toEqual([]);
  expect(logLines.filter((l) => l.includes('passed the audit threshold'))).toHaveLength(1);

  await refusals.close();
  const [aggregated, ...more] = await audit.list({ action: 'api.refusals' });
  expect(more).toEqual([]);
  expect(aggregated).toMatchObject({ actor: 'unauthenticated', target: '10.0.0.66', outcome: 'denied' });
  const reasons = { 'no service token': 0, 'wrong service token': 0 };
  for (let n = 3; n < 50; n++) reasons[badToken('x', n).reason as keyof typeof reasons] += 1;
  expect(aggregated!.details).toEqual({
    count: 47,
    auditedIndividually: 3,
    reasons,
    paths: { '/v1/keys/resolve': 23, '/v1/reviews/evidence': 24 },
    actors: {},
    firstAt: new Date(T0 + 1_000).toISOString(),
    lastAt: new Date(T0 + 1_000).toISOString(),
    windowStart: new Date(T0).toISOString(),
    windowMs: MINUTE,
  });
  await expect(audit.verify()).resolves.toMatchObject({ ok: true, count: 4 });
});

test('each address has its own threshold and its own aggregated event; a new minute starts a new count', async () => {
  const { audit, refusals, advance } = setUp({ individually: 2 });
  for (let n = 0; n < 5; n++) await refusals.refused(badToken('10.0.0.1'));
  for (let n = 0; n < 4; n++) await refusals.refused(badToken('10.0.0.2'));
  await refusals.refused(badToken('10.0.0.3'));
  advance(MINUTE);
  for (let n = 0; n < 3; n++) await refusals.refused(badToken('10.0.0.1'));
  await refusals.close();

  const individual = await audit.list({ action: 'key.resolve' });
  expect(individual.map((e) => e.details.remoteAddress).sort()).toEqual(['10.0.0.1', '10.0.0.1', '10.0.0.1', '10.0.0.1', '10.0.0.2', '10.0.0.2', '10.0.0.3']);
  const aggregated = await audit.list({ action: 'api.refusals' });
  expect(aggregated.map((e) => [e.target, e.details.count, e.details.windowStart]).sort()).toEqual([
    ['10.0.0.1', 1, new Date(T0 + MINUTE).toISOString()],
    ['10.0.0.1', 3, new Date(T0).toISOString()],
    ['10.0.0.2', 2, new Date(T0).toISOString()],
  ]);
});

test('an API key looping outside its scopes is named in the aggregated event, as its actor when it was the only caller', async () => {
  const { audit, refusals, advance } = setUp({ individually: 2 });
  const scoped = (actor: string): Refusal => ({ ...badToken('10.0.0.7'), action: 'key.resolve', actor, reason: 'scope missing: key_resolve' });
  for (let n = 0; n < 6; n++) await refusals.refused(scoped('apikey:wk_live_ab12cd34'));
  advance(MINUTE);
  for (let n = 0; n < 4; n++) await refusals.refused(scoped('apikey:wk_live_ab12cd34'));
  for (let n = 0; n < 2; n++) await refusals.refused(scoped('apikey:wk_live_ef56ab78'));
  await refusals.refused(badToken('10.0.0.7'));
  await refusals.close();

  const aggregated = (await audit.list({ action: 'api.refusals' })).sort((a, b) => String(a.details.windowStart).localeCompare(String(b.details.windowStart)));
  expect(aggregated.map((e) => [e.actor, e.details.count, e.details.actors])).toEqual([
    ['apikey:wk_live_ab12cd34', 4, { 'apikey:wk_live_ab12cd34': 4 }],
    ['unauthenticated', 5, { 'apikey:wk_live_ab12cd34': 2, 'apikey:wk_live_ef56ab78': 2 }],
  ]);
});

test('a single stray refused call is audited as itself, and nothing is aggregated', async () => {
  const { audit, refusals } = setUp();
  await refusals.refused(badToken('10.0.0.9', 1));
  await refusals.close();
  expect(await audit.list()).toEqual([
    expect.objectContaining({ action: 'key.resolve', outcome: 'denied', details: { reason: 'wrong service token', remoteAddress: '10.0.0.9', path: '/v1/reviews/evidence' } }),
  ]);
});

test('when the audit log cannot take a refusal, the call is still refused and the failure is logged, not thrown', async () => {
  const logLines: string[] = [];
  const refusals = createRefusalAudit({
    audit: { append: () => Promise.reject(new Error('connection to the database lost')) },
    logger: createLogger({ sink: (l) => logLines.push(l) }),
    individuallyPerWindow: 1,
    windowMs: MINUTE,
  });
  await expect(refusals.refused(badToken('10.0.0.5'))).resolves.toBeUndefined();
  await refusals.refused(badToken('10.0.0.5'));
  await refusals.close();
  const errors = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.level === 'error');
  expect(errors.map((e) => e.msg)).toEqual(['Could not audit a refused key API call', 'Could not write the aggregated refusals audit event; will retry']);
  expect(errors[0]).toMatchObject({ client: '10.0.0.5', reason: 'no service token' });
});
