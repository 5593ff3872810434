// Fails when prisma/schema.prisma and the committed migrations disagree, for instance when someone edits
// the schema without writing a migration (scripts/prisma-migration-diff.sh <name>) or edits SQL by hand.
//
// Two databases are built and their pg_dump compared: one by replaying prisma/migrations, one from the SQL
// Prisma derives from schema.prisma alone. On a fresh machine the first run also installs the Prisma 6.19
// diff tool (a few seconds, from the npm registry).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { applyMigrations } from '../../lib/db/migrate';
import { adminDatabaseUrl, createEmptyDatabase, MIGRATIONS_DIR } from '../helpers/database';

const run = promisify(execFile);
const DIFF_SCRIPT = path.resolve(__dirname, '../../scripts/prisma-migration-diff.sh');
const TIMEOUT_MS = 180_000;

// Prisma does not model triggers or functions, so the SQL it derives from schema.prisma never contains
// them, while hand-written migrations may. Each one is listed here on purpose and left out of the
// comparison; test/unit/lib/db/audit-log.test.ts checks that the append-only trigger works.
const HAND_WRITTEN_OBJECTS = [
  'function api_keys_notify()',
  'function audit_events_reject_change()',
  'function role_grants_notify()',
  'trigger api_keys_changed on api_keys',
  'trigger audit_events_append_only on audit_events',
  'trigger audit_events_no_truncate on audit_events',
  'trigger role_grants_changed on role_grants',
];

describe('schema drift', () => {
  it('the committed migrations build exactly the schema that schema.prisma describes', async () => {
    const replayed = await createEmptyDatabase();
    const fromSchema = await createEmptyDatabase();
    try {
      await applyMigrations({ databaseUrl: replayed.url, migrationsDir: MIGRATIONS_DIR });
      await dropHandWrittenObjects(replayed.url);

      const { stdout: script } = await diffScript('--from-empty');
      await withClient(fromSchema.url, (c) => c.query(script));

      const migrated = await schemaDump(replayed.url);
      expect(migrated.filter((stmt) => stmt.startsWith('CREATE TABLE public.audit_events ('))).toHaveLength(1);
      expect(migrated).toEqual(await schemaDump(fromSchema.url));
    } finally {
      await replayed.drop();
      await fromSchema.drop();
    }
  }, TIMEOUT_MS);

  it('schema.prisma has no change that a new migration would still have to carry', async () => {
    // The diff script writes the next migration against prisma/migrations/.schema-snapshot.prisma; this
    // keeps that snapshot in step with the migrations, so the next diff starts from the right place.
    const outcome = await diffScript('--check').then(
      () => 'no pending changes',
      (err: { stdout?: string; stderr?: string }) => `${err.stderr ?? ''}${err.stdout ?? ''}`,
    );
    expect(outcome).toBe('no pending changes');
  }, TIMEOUT_MS);
});

function diffScript(mode: '--from-empty' | '--check') {
  return run('bash', [DIFF_SCRIPT, mode], {
    env: { ...process.env, DATABASE_URL: adminDatabaseUrl() },
    maxBuffer: 16 * 1024 * 1024,
  });
}

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function dropHandWrittenObjects(url: string): Promise<void> {
  await withClient(url, async (c) => {
    const { rows } = await c.query<{ kind: string; name: string; drop: string }>(`
      SELECT 'trigger' AS kind, format('%s on %s', t.tgname, c.relname) AS name,
             format('DROP TRIGGER %I ON %I', t.tgname, c.relname) AS drop
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE NOT t.tgisinternal AND n.nspname = 'public'
      UNION ALL
      SELECT 'function', p.oid::regprocedure::text, format('DROP FUNCTION %s', p.oid::regprocedure)
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
       WHERE n.nspname = 'public'`);
    // A new trigger or function must be added to the list above deliberately, not slip past the comparison.
    expect(rows.map((r) => `${r.kind} ${r.name}`).sort()).toEqual(HAND_WRITTEN_OBJECTS);
    for (const r of rows.filter((row) => row.kind === 'trigger')) await c.query(r.drop);
    for (const r of rows.filter((row) => row.kind === 'function')) await c.query(r.drop);
  });
}

/**
 * pg_dump's schema as a list of statements, normalised so that only differences in meaning remain: no
 * comments or session settings, and columns and enum labels sorted, because a column added by a later
 * migration sits last in its table while Prisma's from-scratch SQL puts it where the model declares it.
 */
async function schemaDump(url: string): Promise<string[]> {
  const { stdout } = await run('pg_dump', ['--schema-only', '--no-owner', '--no-privileges', '--exclude-table=_prisma_migrations', '--dbname', url], {
    maxBuffer: 16 * 1024 * 1024,
  });
  const lines = stdout
    .split('\n')
    .filter((line) => line.trim() !== '' && !/^(--|SET |SELECT pg_catalog\.set_config|\\restrict|\\unrestrict)/.test(line));
  const statements: string[][] = [];
  let current: string[] = [];
  for (const line of lines) {
    current.push(line);
    if (line.endsWith(';')) {
      statements.push(current);
      current = [];
    }
  }
  if (current.length > 0) statements.push(current);
  return statements.map((stmt) => {
    const first = stmt[0] ?? '';
    if (/^CREATE (TABLE|TYPE) /.test(first) && stmt.length > 2) {
      const body = stmt.slice(1, -1).map((l) => l.trim().replace(/,$/, '')).sort();
      return [first, ...body, stmt[stmt.length - 1]].join('\n');
    }
    return stmt.join('\n');
  });
}
