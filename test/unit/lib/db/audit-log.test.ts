import { Client } from 'pg';
import { createPrismaClient } from '../../../../lib/db/client';
import { AUDIT_VERIFY_PAGE_SIZE, createAuditLog, GENESIS_HASH, type AuditVerifyProgress } from '../../../../lib/db/repositories/audit-log';
import { createTestDatabase, type TestDatabase } from '../../../helpers/database';

describe('audit log', () => {
  let db: TestDatabase;
  let audit: ReturnType<typeof createAuditLog>;
  beforeEach(async () => {
    db = await createTestDatabase();
    audit = createAuditLog(db.prisma);
  });
  afterEach(() => db.drop());

  /** Runs SQL as the superuser the tests connect as, outside the repository, the way an intruder would. */
  async function query(text: string) {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      return await client.query(text);
    } finally {
      await client.end();
    }
  }
  const sql = async (text: string): Promise<void> => void (await query(text));

  const event = (n: number) => ({
    idempotencyKey: `wf-1:step-${n}`,
    actor: 'U0ADMIN',
    action: 'key.activated',
    target: `key-${n}`,
    outcome: 'succeeded',
    workflowId: 'wf-1',
    requestId: 'req-1',
    details: { provider: 'openai', fingerprint: `fp${n}` },
  });

  it('chains each event to the one before and verifies the chain', async () => {
    const first = await audit.append(event(1));
    const second = await audit.append(event(2));
    expect(first.prevHash).toBe(GENESIS_HASH);
    expect(second.prevHash).toBe(first.hash);
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    await expect(audit.verify()).resolves.toEqual({ ok: true, count: 2, headHash: second.hash });
  });

  it('verifies an empty log with the genesis hash as head', async () => {
    await expect(audit.verify()).resolves.toEqual({ ok: true, count: 0, headHash: GENESIS_HASH });
  });

  it('verifies whatever order jsonb gives the details keys back in, and whatever the time zone', async () => {
    const at = new Date('2026-03-01T12:34:56.789Z');
    const stored = await audit.append({
      ...event(1),
      at,
      details: { zeta: 1, a: { y: [3, { d: 1, c: 2 }], x: null }, mid: 'ü', when: new Date('2026-01-01T00:00:00Z'), gone: undefined },
    });
    expect(stored.at).toEqual(at);
    expect(stored.details).toEqual({ zeta: 1, a: { y: [3, { d: 1, c: 2 }], x: null }, mid: 'ü', when: '2026-01-01T00:00:00.000Z' });
    // A server session in another time zone must read back the same instant, or every hash would break.
    await sql(`ALTER DATABASE "${new URL(db.url).pathname.slice(1)}" SET timezone = 'America/Los_Angeles'`);
    const otherSession = createPrismaClient(db.url);
    try {
      await expect(createAuditLog(otherSession).verify()).resolves.toMatchObject({ ok: true, count: 1 });
      // And an event appended from a session in that time zone is stored as the same instant.
      const later = await createAuditLog(otherSession).append({ ...event(2), at: new Date('2026-07-01T08:00:00.000Z') });
      expect(later.at.toISOString()).toBe('2026-07-01T08:00:00.000Z');
      await expect(audit.verify()).resolves.toMatchObject({ ok: true, count: 2 });
      expect((await audit.list({ limit: 1 }))[0]!.at.toISOString()).toBe('2026-07-01T08:00:00.000Z');
    } finally {
      await otherSession.$disconnect();
    }
  });

  it('records a retried append once and answers with the first event', async () => {
    const first = await audit.append(event(1));
    const retried = await audit.append({ ...event(1), details: { different: true } });
    expect(retried).toEqual(first);
    await expect(audit.list()).resolves.toHaveLength(1);
  });

  it('keeps the chain intact under 20 concurrent appends (and concurrent retries)', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => audit.append(event(i % 15))));
    expect(new Set(results.map((r) => r.seq)).size).toBe(15);
    await expect(audit.verify()).resolves.toMatchObject({ ok: true, count: 15 });
  });

  it('verifies a chain longer than one read batch', async () => {
    const total = 2 * AUDIT_VERIFY_PAGE_SIZE + 50;
    for (let i = 0; i < total; i += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, j) => audit.append(event(i + j))));
    }
    const head = (await audit.list({ limit: 1 }))[0]!;
    await expect(audit.verify()).resolves.toEqual({ ok: true, count: total, headHash: head.hash });
  });

  it('reports how far verification got, how long it took and its rate, and once more when done', async () => {
    const total = AUDIT_VERIFY_PAGE_SIZE + 10;
    await Promise.all(Array.from({ length: total }, (_, i) => audit.append(event(i))));
    const reports: AuditVerifyProgress[] = [];
    await expect(audit.verify({ onProgress: (p) => reports.push(p), progressEvery: 1000 })).resolves.toMatchObject({ ok: true, count: total });
    expect(reports.map((r) => [r.count, r.done])).toEqual([
      [AUDIT_VERIFY_PAGE_SIZE, false],
      [total, true],
    ]);
    const last = reports[reports.length - 1]!;
    expect(last.durationMs).toBeGreaterThan(0);
    expect(last.eventsPerSecond).toBeCloseTo((total / last.durationMs) * 1000, 3);
  });

  it('reports the break found on a later page, with the count verified before it', async () => {
    await Promise.all(Array.from({ length: AUDIT_VERIFY_PAGE_SIZE + 20 }, (_, i) => audit.append(event(i))));
    const { rows } = await query(`SELECT seq FROM audit_events ORDER BY seq OFFSET ${AUDIT_VERIFY_PAGE_SIZE + 5} LIMIT 1`);
    const victim = String((rows[0] as { seq: string }).seq);
    await sql(`
      BEGIN;
      ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only;
      UPDATE audit_events SET outcome = 'failed' WHERE seq = ${victim};
      ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only;
      COMMIT;`);
    const reports: AuditVerifyProgress[] = [];
    await expect(audit.verify({ onProgress: (p) => reports.push(p) })).resolves.toEqual({
      ok: false,
      count: AUDIT_VERIFY_PAGE_SIZE + 5,
      brokenAtSeq: victim,
      reason: 'its content does not match its hash: the event was altered',
    });
    expect(reports[reports.length - 1]).toMatchObject({ count: AUDIT_VERIFY_PAGE_SIZE + 5, done: true });
  });

  it('reports the first altered event when a row is tampered with behind the trigger', async () => {
    await audit.append(event(1));
    const victim = await audit.append(event(2));
    await audit.append(event(3));
    await sql(`
      BEGIN;
      ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only;
      UPDATE audit_events SET details = '{"provider":"anthropic","fingerprint":"fp2"}' WHERE seq = ${victim.seq};
      ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only;
      COMMIT;`);
    await expect(audit.verify()).resolves.toEqual({
      ok: false,
      count: 1,
      brokenAtSeq: victim.seq,
      reason: 'its content does not match its hash: the event was altered',
    });
  });

  it('reports a removed event at the event after the gap', async () => {
    await audit.append(event(1));
    const removed = await audit.append(event(2));
    const next = await audit.append(event(3));
    await sql(`
      BEGIN;
      ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only;
      DELETE FROM audit_events WHERE seq = ${removed.seq};
      ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only;
      COMMIT;`);
    await expect(audit.verify()).resolves.toMatchObject({ ok: false, brokenAtSeq: next.seq, reason: expect.stringContaining('removed') });
  });

  it('is append-only in the database itself: UPDATE, DELETE and TRUNCATE are refused', async () => {
    const stored = await audit.append(event(1));
    await expect(sql(`UPDATE audit_events SET outcome = 'failed' WHERE seq = ${stored.seq}`)).rejects.toThrow(
      `audit_events is append-only: UPDATE of event ${stored.seq} is not allowed`,
    );
    await expect(sql(`DELETE FROM audit_events WHERE seq = ${stored.seq}`)).rejects.toThrow(
      `audit_events is append-only: DELETE of event ${stored.seq} is not allowed`,
    );
    await expect(sql('TRUNCATE audit_events')).rejects.toThrow('audit_events is append-only: TRUNCATE is not allowed');
    await expect(audit.verify()).resolves.toMatchObject({ ok: true, count: 1 });
  });

  it('lists newest first, filtered by action, actor and target', async () => {
    await audit.append(event(1));
    await audit.append({ ...event(2), action: 'key.revoked', actor: 'U0OTHER' });
    await audit.append(event(3));
    expect((await audit.list()).map((e) => e.target)).toEqual(['key-3', 'key-2', 'key-1']);
    expect((await audit.list({ action: 'key.activated', limit: 1 })).map((e) => e.target)).toEqual(['key-3']);
    expect((await audit.list({ actor: 'U0OTHER' })).map((e) => e.target)).toEqual(['key-2']);
    expect((await audit.list({ target: 'key-1' }))[0]).toMatchObject({ seq: expect.any(String), outcome: 'succeeded', workflowId: 'wf-1' });
  });
});
