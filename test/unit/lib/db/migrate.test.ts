import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { applyMigrations } from '../../../../lib/db/migrate';
import { migrationChecksum, readMigrationFiles } from '../../../../lib/db/migration-files';
import { createEmptyDatabase, MIGRATIONS_DIR } from '../../../helpers/database';

const committed = readMigrationFiles(MIGRATIONS_DIR);

async function query<T extends Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** A scratch copy of the migrations folder that a test may edit. */
function copyOfMigrations(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-migrations-'));
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

describe('applyMigrations', () => {
  let db: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let scratch: string;
  beforeEach(async () => {
    db = await createEmptyDatabase();
    scratch = copyOfMigrations();
  });
  afterEach(async () => {
    await db.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('applies every migration once; a second run applies nothing', async () => {
    const first = await applyMigrations({ databaseUrl: db.url, migrationsDir: MIGRATIONS_DIR });
    expect(first.applied).toEqual(committed.map((m) => m.name));
    const second = await applyMigrations({ databaseUrl: db.url, migrationsDir: MIGRATIONS_DIR });
    expect(second.applied).toEqual([]);
    const tables = await query<{ table_name: string }>(db.url, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`);
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['_prisma_migrations', 'audit_events', 'provider_keys', 'key_slots']));
  });

  it("keeps _prisma_migrations exactly as Prisma does: its columns, and sha256 of migration.sql as checksum", async () => {
    await applyMigrations({ databaseUrl: db.url, migrationsDir: MIGRATIONS_DIR });
    const columns = await query(db.url, `
      SELECT column_name, data_type, character_maximum_length AS len, is_nullable, column_default
        FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`);
    expect(columns).toEqual([
      { column_name: 'id', data_type: 'character varying', len: 36, is_nullable: 'NO', column_default: null },
      { column_name: 'checksum', data_type: 'character varying', len: 64, is_nullable: 'NO', column_default: null },
      { column_name: 'finished_at', data_type: 'timestamp with time zone', len: null, is_nullable: 'YES', column_default: null },
      { column_name: 'migration_name', data_type: 'character varying', len: 255, is_nullable: 'NO', column_default: null },
      { column_name: 'logs', data_type: 'text', len: null, is_nullable: 'YES', column_default: null },
      { column_name: 'rolled_back_at', data_type: 'timestamp with time zone', len: null, is_nullable: 'YES', column_default: null },
      { column_name: 'started_at', data_type: 'timestamp with time zone', len: null, is_nullable: 'NO', column_default: 'now()' },
      { column_name: 'applied_steps_count', data_type: 'integer', len: null, is_nullable: 'NO', column_default: '0' },
    ]);
    const rows = await query<Record<string, unknown>>(db.url, 'SELECT * FROM _prisma_migrations ORDER BY migration_name');
    expect(rows).toHaveLength(committed.length);
    rows.forEach((row, i) => {
      const file = committed[i]!;
      expect(row).toMatchObject({ migration_name: file.name, logs: null, rolled_back_at: null, applied_steps_count: 1 });
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.checksum).toBe(migrationChecksum(readFileSync(path.join(MIGRATIONS_DIR, file.name, 'migration.sql'), 'utf8')));
      expect((row.finished_at as Date).getTime()).toBeGreaterThanOrEqual((row.started_at as Date).getTime());
    });
  });

  it('refuses to run when an applied migration was edited, naming it', async () => {
    await applyMigrations({ databaseUrl: db.url, migrationsDir: scratch });
    const edited = committed[0]!.name;
    writeFileSync(path.join(scratch, edited, 'migration.sql'), committed[0]!.script + '\n-- an afterthought\n');
    await expect(applyMigrations({ databaseUrl: db.url, migrationsDir: scratch })).rejects.toThrow(
      `Migration ${edited} was changed after it was applied`,
    );
  });

  it('treats a change of line endings alone as no change, as Prisma does', async () => {
    await applyMigrations({ databaseUrl: db.url, migrationsDir: scratch });
    const file = path.join(scratch, committed[0]!.name, 'migration.sql');
    writeFileSync(file, committed[0]!.script.replace(/\n/g, '\r\n'));
    await expect(applyMigrations({ databaseUrl: db.url, migrationsDir: scratch })).resolves.toEqual({ applied: [] });
  });

  it('refuses to run after an unresolved failed migration, naming it', async () => {
    await applyMigrations({ databaseUrl: db.url, migrationsDir: MIGRATIONS_DIR });
    await query(db.url, `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs) VALUES ('00000000-0000-4000-8000-000000000000', '${'0'.repeat(64)}', '20990101000000_half_done', 'boom')`);
    await expect(applyMigrations({ databaseUrl: db.url, migrationsDir: MIGRATIONS_DIR })).rejects.toThrow(
      /Migration 20990101000000_half_done started at .* and never finished/,
    );
    // Once someone resolves it as rolled back (prisma migrate resolve --rolled-back), migrating goes on.
    await query(db.url, `UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = '20990101000000_half_done'`);
    await expect(applyMigrations({ databaseUrl: db.url, migrationsDir: MIGRATIONS_DIR })).resolves.toEqual({ applied: [] });
  });

  it('rolls a failing migration back whole and records nothing, so a fixed one can run', async () => {
    const broken = '20990101000000_broken';
    mkdirSync(path.join(scratch, broken));
    writeFileSync(path.join(scratch, broken, 'migration.sql'), 'CREATE TABLE half_done (id int);\nSELECT no_such_function();\n');
    await expect(applyMigrations({ databaseUrl: db.url, migrationsDir: scratch })).rejects.toThrow(
      /Migration 20990101000000_broken failed and was rolled back: function no_such_function\(\) does not exist/,
    );
    const leftovers = await query(db.url, `SELECT to_regclass('half_done') AS t, (SELECT count(*)::int FROM _prisma_migrations WHERE migration_name = '${broken}') AS n`);
    expect(leftovers).toEqual([{ t: null, n: 0 }]);

    writeFileSync(path.join(scratch, broken, 'migration.sql'), 'CREATE TABLE half_done (id int);\n');
    await expect(applyMigrations({ databaseUrl: db.url, migrationsDir: scratch })).resolves.toEqual({ applied: [broken] });
  });

  it("takes Prisma's advisory lock, so two appliers at once apply each migration once", async () => {
    const results = await Promise.all([
      applyMigrations({ databaseUrl: db.url, migrationsDir: MIGRATIONS_DIR }),
      applyMigrations({ databaseUrl: db.url, migrationsDir: MIGRATIONS_DIR }),
    ]);
    expect(results.flatMap((r) => r.applied).sort()).toEqual(committed.map((m) => m.name));
    const rows = await query(db.url, 'SELECT count(*)::int AS n FROM _prisma_migrations');
    expect(rows).toEqual([{ n: committed.length }]);
  });
});
