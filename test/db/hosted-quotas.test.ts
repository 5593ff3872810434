// Hosted quota metering against a real PostgreSQL: exact at the boundary under parallel callers, never
// counting a retried call twice, and freeing what a crashed worker left reserved.
import { createPrismaClient } from '../../lib/db/client';
import { createHostedQuotaRepository, type ReserveRequest } from '../../lib/db';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

const NOW = new Date('2026-11-15T10:00:00Z');
const ORG = 'T0ORG00001';

let db: TestDatabase;
let quotas: ReturnType<typeof createHostedQuotaRepository>;

beforeEach(async () => {
  db = await createTestDatabase();
  quotas = createHostedQuotaRepository(db.prisma);
});
afterEach(() => db.drop());

const request = (key: string, over: Partial<ReserveRequest> = {}): ReserveRequest => ({
  idempotencyKey: key,
  orgId: ORG,
  feature: 'image_recognition',
  units: 1,
  actorSlackId: 'U0BUILDER01',
  itemKey: `item:${key}`,
  now: NOW,
  ttlMs: 60 * 60_000,
  ...over,
});

async function usage() {
  const [image] = await quotas.usage(ORG, ['image_recognition'], NOW);
  return image!;
}

test('a new org starts on the standard plan, and an admin can set its limit', async () => {
  expect(await usage()).toMatchObject({ limit: 500, used: 0, reserved: 0, byUser: [] });
  expect(await quotas.setLimit(ORG, 'image_recognition', 20, 'U0ADMIN0001', NOW)).toEqual({ previous: 500 });
  expect((await usage()).limit).toBe(20);
});

test('50 parallel items at the boundary never exceed the limit, on separate connections', async () => {
  await quotas.setLimit(ORG, 'image_recognition', 20, 'U0ADMIN0001', NOW);
  await quotas.commit('warm-up-none', NOW); // settling an unknown key changes nothing
  await quotas.reserve(request('seed')).then(() => quotas.commit('seed', NOW)); // 1 used already

  // Five clients, ten connections each: the reservations really race in PostgreSQL.
  const clients = Array.from({ length: 5 }, () => createPrismaClient(db.url));
  try {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => createHostedQuotaRepository(clients[i % 5]!).reserve(request(`item-${i}`))),
    );
    const granted = results.filter((r) => r.granted);
    expect(granted).toHaveLength(19);
    expect(await usage()).toMatchObject({ used: 1, reserved: 19 });
    const refused = results.find((r) => !r.granted);
    expect(refused).toMatchObject({ granted: false, limit: 20 });

    // Half succeed and commit, half fail and release — in parallel too: still exact.
    await Promise.all(
      results.map((r, i) => {
        if (!r.granted) return Promise.resolve();
        const repo = createHostedQuotaRepository(clients[(i + 1) % 5]!);
        return i % 2 === 0 ? repo.commit(`item-${i}`, NOW) : repo.release(`item-${i}`, NOW);
      }),
    );
    const after = await usage();
    const committed = results.filter((r, i) => r.granted && i % 2 === 0).length;
    expect(after).toMatchObject({ used: 1 + committed, reserved: 0 });
    expect(after.byUser).toEqual([{ slackUserId: 'U0BUILDER01', units: 1 + committed }]);
  } finally {
    await Promise.all(clients.map((c) => c.$disconnect()));
  }
});

test('a retried reservation, commit or release counts once', async () => {
  await quotas.setLimit(ORG, 'image_recognition', 2, 'U0ADMIN0001', NOW);
  expect(await quotas.reserve(request('a'))).toEqual({ granted: true, state: 'reserved', units: 1 });
  // The activity is retried before it committed: the same key finds its own reservation.
  expect(await quotas.reserve(request('a'))).toEqual({ granted: true, state: 'reserved', units: 1 });
  expect(await usage()).toMatchObject({ used: 0, reserved: 1 });

  expect(await quotas.commit('a', NOW)).toEqual({ prior: 'reserved', changed: true });
  expect(await quotas.commit('a', NOW)).toEqual({ prior: 'committed', changed: false });
  expect(await quotas.release('a', NOW)).toEqual({ prior: 'committed', changed: false });
  // Retried after it committed (it failed later on): still one unit, and granted so the work can finish.
  expect(await quotas.reserve(request('a'))).toEqual({ granted: true, state: 'committed', units: 1 });
  expect(await usage()).toMatchObject({ used: 1, reserved: 0 });

  // A failed call releases; its retry reserves again under the same key, once.
  await quotas.reserve(request('b'));
  expect(await quotas.release('b', NOW)).toEqual({ prior: 'reserved', changed: true });
  expect(await quotas.release('b', NOW)).toEqual({ prior: 'released', changed: false });
  expect(await usage()).toMatchObject({ used: 1, reserved: 0 });
  expect(await quotas.reserve(request('b'))).toMatchObject({ granted: true, state: 'reserved' });
  await quotas.commit('b', NOW);
  expect(await usage()).toMatchObject({ used: 2, reserved: 0 });
  expect(await quotas.reserve(request('c'))).toEqual({ granted: false, limit: 2, used: 2, reserved: 0 });
});

test('reservations left by a crashed worker expire and free their units; a late commit still counts once', async () => {
  await quotas.setLimit(ORG, 'image_recognition', 2, 'U0ADMIN0001', NOW);
  await quotas.reserve(request('crashed-1'));
  await quotas.reserve(request('crashed-2', { ttlMs: 10 * 60 * 60_000 }));
  expect(await quotas.reserve(request('blocked'))).toMatchObject({ granted: false });

  const later = new Date(NOW.getTime() + 2 * 60 * 60_000);
  expect(await quotas.expireStale(later)).toBe(1);
  expect(await quotas.expireStale(later)).toBe(0);
  expect(await usage()).toMatchObject({ used: 0, reserved: 1 });
  expect(await quotas.reservation('crashed-1')).toMatchObject({ state: 'expired' });

  // The worker was only slow: its commit arrives after the expiry and counts, once.
  expect(await quotas.commit('crashed-1', later)).toEqual({ prior: 'expired', changed: true });
  expect(await quotas.commit('crashed-1', later)).toEqual({ prior: 'committed', changed: false });
  expect(await usage()).toMatchObject({ used: 1, reserved: 1 });
});

test('each month counts on its own, and features do not share units', async () => {
  await quotas.setLimit(ORG, 'image_recognition', 1, 'U0ADMIN0001', NOW);
  await quotas.reserve(request('nov')).then(() => quotas.commit('nov', NOW));
  expect(await quotas.reserve(request('nov-2'))).toMatchObject({ granted: false });
  const december = new Date('2026-12-01T00:00:01Z');
  expect(await quotas.reserve(request('dec', { now: december }))).toMatchObject({ granted: true });
  expect(await quotas.reserve(request('media', { feature: 'media_transcription', units: 7 }))).toMatchObject({ granted: true, units: 7 });
  const [, media] = await quotas.usage(ORG, ['image_recognition', 'media_transcription'], NOW);
  expect(media).toMatchObject({ feature: 'media_transcription', limit: 300, reserved: 7 });
});
