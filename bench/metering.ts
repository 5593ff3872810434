// Hosted-quota reservations per second (one conditional statement each: lock the month's usage row, check
// used + reserved + n ≤ limit, record the reservation under its idempotency key) next to plain PostgreSQL upserts
// of a counter row, through the same Prisma client and pool, the same concurrency, measured in the same run.
// Goal: ≥ 0.5x.   npx tsx bench/metering.ts   (BENCH_OPS=4000, BENCH_CONCURRENCY=16)
import { createPrismaClient } from '../lib/db/client';
import { createHostedQuotaRepository } from '../lib/db';
import { createTestDatabase, ensureTemplateDatabase } from '../test/helpers/database';

const OPS = Number(process.env.BENCH_OPS ?? 4000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

async function main(): Promise<void> {
  await ensureTemplateDatabase();
  const db = await createTestDatabase();
  const prisma = createPrismaClient(db.url);
  try {
    const quotas = createHostedQuotaRepository(prisma);
    const now = new Date();
    await quotas.setLimit('T0BENCH', 'image_recognition', 1_000_000_000, 'U0BENCH', now);
    await prisma.$executeRawUnsafe('CREATE TABLE bench_counters (k text PRIMARY KEY, n bigint NOT NULL)');
    const upsert = () => prisma.$executeRaw`INSERT INTO bench_counters (k, n) VALUES ('hot', 1) ON CONFLICT (k) DO UPDATE SET n = bench_counters.n + 1`;
    let seq = 0;
    const reserve = () => quotas.reserve({ idempotencyKey: `bench:${seq++}`, orgId: 'T0BENCH', feature: 'image_recognition', units: 1, actorSlackId: 'U0BENCH', itemKey: 'bench', now, ttlMs: 3600_000 });
    const commit = (i: number) => quotas.commit(`bench:${i}`, now);

    await measure(200, upsert); // warm the pool and the plans
    await measure(200, reserve);
    const upserts = await measure(OPS, upsert);
    const reservations = await measure(OPS, reserve);
    const firstMeasured = seq - OPS;
    let c = firstMeasured;
    const commits = await measure(OPS, () => commit(c++));
    const [usage] = await quotas.usage('T0BENCH', ['image_recognition'], now);

    console.log(`Metering against one hot org/feature row, ${OPS} operations, ${CONCURRENCY} at a time (PostgreSQL via Prisma + pg)`);
    console.log(`  plain upsert of a counter : ${upserts.toFixed(0)} ops/s`);
    console.log(`  quota reservation         : ${reservations.toFixed(0)} ops/s  → ${(reservations / upserts).toFixed(2)}x (goal ≥ 0.5x) — ${reservations / upserts >= 0.5 ? 'met' : 'NOT met'}`);
    console.log(`  quota commit              : ${commits.toFixed(0)} ops/s  → ${(commits / upserts).toFixed(2)}x`);
    console.log(`  exact: used ${usage!.used}, reserved ${usage!.reserved} (expected ${OPS} used, ${200} reserved from the warm-up)`);
  } finally {
    await prisma.$disconnect();
    await db.drop();
  }

  async function measure(n: number, op: () => Promise<unknown>): Promise<number> {
    let next = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < n) {
          next++;
          await op();
        }
      }),
    );
    return n / ((performance.now() - start) / 1000);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
