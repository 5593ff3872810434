import { Client } from 'pg';
import { createPrismaClient } from '../../lib/db/client';
import { AUDIT_APPEND_LOCK_ID } from '../../lib/db/repositories/audit-append-batch';
import { createAuditLog, type AuditEventInput } from '../../lib/db/repositories/audit-log';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { eventually } from '../helpers/warden-stack';

let db: TestDatabase;
let intruder: Client;
beforeEach(async () => {
  db = await createTestDatabase();
  intruder = new Client({ connectionString: db.url });
  await intruder.connect();
});
afterEach(async () => {
  await intruder.end();
  await db.drop();
});

const event = (key: string, extra: Partial<AuditEventInput> = {}): AuditEventInput => ({
  idempotencyKey: key,
  actor: 'service:agent-runtime',
  action: 'key.resolve',
  target: 'openai/production',
  outcome: 'succeeded',
  details: { source: 'org', fingerprint: `fp_${key}` },
  ...extra,
});

async function rows(): Promise<Array<{ key: string; prev: string; hash: string }>> {
  const { rows } = await intruder.query('SELECT idempotency_key AS key, prev_hash AS prev, hash FROM audit_events ORDER BY seq');
  return rows as Array<{ key: string; prev: string; hash: string }>;
}

/** Holds the append lock from another session, as a writer in another process mid-batch would. */
async function holdAppendLock(): Promise<() => Promise<void>> {
  await intruder.query('SELECT pg_advisory_lock($1)', [AUDIT_APPEND_LOCK_ID]);
  return async () => void (await intruder.query('SELECT pg_advisory_unlock($1)', [AUDIT_APPEND_LOCK_ID]));
}

/** Sessions of this database waiting for the append lock, with their pids. */
async function lockWaiters(): Promise<number[]> {
  const { rows } = await intruder.query(
    `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND NOT granted
       AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [AUDIT_APPEND_LOCK_ID],
  );
  return rows.map((r: { pid: number }) => r.pid);
}

test('32 concurrent writers, each also repeating keys other writers use: every event once, one unforked chain', async () => {
  const audit = createAuditLog(db.prisma);
  const writers = 32;
  const perWriter = 40;
  const answers = new Map<string, Set<string>>();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let n = 0; n < perWriter; n++) {
        // Every fourth append repeats the key the next writer uses at the same step: a retry racing the original.
        const key = n % 4 === 3 ? `w${(w + 1) % writers}:${n}` : `w${w}:${n}`;
        const stored = await audit.append(event(key));
        answers.set(key, (answers.get(key) ?? new Set()).add(`${stored.seq}/${stored.hash}`));
      }
    }),
  );

  const stored = await rows();
  expect(stored).toHaveLength(writers * perWriter);
  expect(new Set(stored.map((r) => r.key)).size).toBe(writers * perWriter);
  // Whoever appended a key, first or as a repeat, got the one stored event back.
  expect([...answers.values()].every((seen) => seen.size === 1)).toBe(true);
  await expect(audit.verify()).resolves.toMatchObject({ ok: true, count: writers * perWriter, headHash: stored[stored.length - 1]!.hash });
});

test('two processes (two clients, two pools) appending at once take turns through the lock: no fork, no gap', async () => {
  const other = createPrismaClient(db.url);
  try {
    const logs = [createAuditLog(db.prisma), createAuditLog(other)];
    await Promise.all(
      logs.flatMap((log, p) =>
        Array.from({ length: 16 }, async (_, w) => {
          for (let n = 0; n < 25; n++) await log.append(event(`p${p}:w${w}:${n}`));
        }),
      ),
    );
    const stored = await rows();
    expect(stored).toHaveLength(2 * 16 * 25);
    stored.forEach((r, i) => i > 0 && expect(r.prev).toBe(stored[i - 1]!.hash));
    await expect(createAuditLog(other).verify()).resolves.toMatchObject({ ok: true, count: 800 });
  } finally {
    await other.$disconnect();
  }
});

test('appends made while the lock is held elsewhere wait as ONE transaction per process, not one per append', async () => {
  const other = createPrismaClient(db.url);
  try {
    const release = await holdAppendLock();
    const pending = [
      ...Array.from({ length: 32 }, (_, i) => createAuditLog(db.prisma).append(event(`a:${i}`))),
      ...Array.from({ length: 8 }, (_, i) => createAuditLog(other).append(event(`b:${i}`))),
    ];
    // One appender in this process and one in the other; give stragglers time to show up.
    await eventually('both processes to wait for the lock', async () => (await lockWaiters()).length === 2 || undefined);
    await new Promise((r) => setTimeout(r, 500));
    expect(await lockWaiters()).toHaveLength(2);

    await release();
    const stored = await Promise.all(pending);
    expect(new Set(stored.map((s) => s.seq)).size).toBe(40);
    await expect(createAuditLog(db.prisma).verify()).resolves.toMatchObject({ ok: true, count: 40 });
  } finally {
    await other.$disconnect();
  }
});

test('an event the database refuses fails alone: the rest of its batch is stored and chained', async () => {
  const audit = createAuditLog(db.prisma);
  await audit.append(event('before'));
  const release = await holdAppendLock();
  const good = Array.from({ length: 30 }, (_, i) => audit.append(event(`good:${i}`)));
  // PostgreSQL refuses a NUL character in jsonb, and an index entry larger than a page.
  const nul = audit.append(event('bad:nul', { details: { note: 'a\u0000b' } }));
  const huge = audit.append(event('bad:huge', { target: Array.from({ length: 3000 }, (_, i) => (i * 7919).toString(36)).join('') }));
  good.push(...Array.from({ length: 10 }, (_, i) => audit.append(event(`good:late:${i}`))));
  await eventually('the batch to wait for the lock', async () => (await lockWaiters()).length === 1 || undefined);
  await release();

  await expect(nul).rejects.toThrow(/Unicode escape sequence|\\u0000/);
  await expect(huge).rejects.toThrow(/index row/);
  const stored = await Promise.all(good);
  expect(stored).toHaveLength(40);
  const keys = (await rows()).map((r) => r.key);
  expect(keys).toHaveLength(41);
  expect(keys).not.toEqual(expect.arrayContaining(['bad:nul']));
  expect(keys).not.toEqual(expect.arrayContaining(['bad:huge']));
  await expect(audit.verify()).resolves.toMatchObject({ ok: true, count: 41 });
});

test('a batch lost with its connection fails every caller at once, and their retries store each event once', async () => {
  const audit = createAuditLog(db.prisma);
  const release = await holdAppendLock();
  const first = Array.from({ length: 12 }, (_, i) => audit.append(event(`retry:${i}`)).then(() => 'stored', (err: Error) => err.message));
  const [waiter] = await eventually('the batch to wait for the lock', async () => {
    const pids = await lockWaiters();
    return pids.length === 1 ? pids : undefined;
  });
  // The connection dies under the waiting transaction (a failover, an operator's pg_terminate_backend).
  await intruder.query('SELECT pg_terminate_backend($1)', [waiter]);
  const outcomes = await Promise.all(first);
  expect(outcomes.every((o) => o !== 'stored')).toBe(true);
  await release();

  // An activity retry appends the same events again; a second retry finds them stored.
  const retried = await Promise.all(Array.from({ length: 12 }, (_, i) => audit.append(event(`retry:${i}`))));
  const again = await Promise.all(Array.from({ length: 12 }, (_, i) => audit.append(event(`retry:${i}`))));
  expect(again.map((e) => e.hash)).toEqual(retried.map((e) => e.hash));
  expect(await rows()).toHaveLength(12);
  await expect(audit.verify()).resolves.toMatchObject({ ok: true, count: 12 });
});
