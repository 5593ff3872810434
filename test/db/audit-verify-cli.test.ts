import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { createAuditLog } from '../../lib/db';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

const ROOT = path.resolve(__dirname, '../..');
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

/** `npm run audit:verify` as an operator runs it, against this test's database. */
function verifyCli(): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, DATABASE_URL: db.url, WARDEN_MASTER_KEY: randomBytes(32).toString('base64'), WARDEN_SERVICE_TOKEN: randomBytes(24).toString('hex') };
  return new Promise((resolve) => {
    execFile(path.join(ROOT, 'node_modules/.bin/tsx'), ['runtime/verify-audit.ts'], { cwd: ROOT, env }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

test('audit:verify prints the count, the rate and the full head hash, and exits 3 at the first altered event', async () => {
  const audit = createAuditLog(db.prisma);
  const stored = await Promise.all(
    Array.from({ length: 30 }, (_, i) => audit.append({ idempotencyKey: `cli:${i}`, actor: 'U0ADMIN', action: 'key.activated', outcome: 'succeeded', details: { n: i } })),
  );
  const head = stored.reduce((a, b) => (BigInt(a.seq) > BigInt(b.seq) ? a : b));

  const intact = await verifyCli();
  expect(intact.code).toBe(0);
  expect(intact.stdout).toMatch(new RegExp(`Audit chain intact: 30 events verified in \\d+\\.\\d s, \\d+ events/s\\. Head hash: ${head.hash}`));

  const victim = stored.find((e) => e.details.n === 12)!;
  const intruder = new Client({ connectionString: db.url });
  await intruder.connect();
  await intruder.query(`BEGIN; ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only;
    UPDATE audit_events SET outcome = 'failed' WHERE seq = ${victim.seq};
    ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only; COMMIT;`);
  await intruder.end();

  const broken = await verifyCli();
  expect(broken.code).toBe(3);
  expect(broken.stdout).toContain(`Audit chain BROKEN at event ${victim.seq}: its content does not match its hash: the event was altered.`);
});
