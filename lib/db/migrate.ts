import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { readMigrationFiles, scriptMatchesChecksum, type MigrationFile } from './migration-files';

export interface ApplyMigrationsOptions {
  databaseUrl: string;
  migrationsDir: string;
  log?: (msg: string) => void;
  /** How long to wait for another process that is migrating the same database. */
  lockTimeoutMs?: number;
}

/** The database is in a state where applying more migrations could make things worse. */
export class MigrationRefusedError extends Error {
  constructor(
    readonly migrationName: string,
    message: string,
  ) {
    super(message);
    this.name = 'MigrationRefusedError';
  }
}

// The id `prisma migrate deploy` locks (its schema engine runs `SELECT pg_advisory_lock(72707369)`), so this
// applier and the Prisma CLI never migrate one database at the same time.
const PRISMA_MIGRATE_LOCK_ID = 72707369;

// Prisma's own DDL for its bookkeeping table, column for column, so `prisma migrate status` and
// `prisma migrate deploy` read what this applier wrote (and the other way round).
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  started_at: Date;
}

/**
 * Applies the pending migrations of a Prisma migrations folder, in name order, each in its own transaction
 * together with its `_prisma_migrations` row, so a migration is either wholly applied and recorded or not
 * at all. Refuses to start when an applied migration's file changed or an earlier attempt (for example by
 * the Prisma CLI) failed and was never resolved.
 */
export async function applyMigrations(opts: ApplyMigrationsOptions): Promise<{ applied: string[] }> {
  const log = opts.log ?? (() => undefined);
  const files = readMigrationFiles(opts.migrationsDir);
  const client = new Client({ connectionString: opts.databaseUrl });
  await client.connect();
  try {
    await client.query(`SET lock_timeout = ${Math.max(1, Math.floor(opts.lockTimeoutMs ?? 60_000))}`);
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK_ID]);
    await client.query('SET lock_timeout = DEFAULT');
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const pending = await pendingMigrations(client, files, log);
      for (const file of pending) {
        log(`Applying migration ${file.name}`);
        await applyOne(client, file);
      }
      log(pending.length === 0 ? 'No pending migrations.' : `Applied ${pending.length} migration(s).`);
      return { applied: pending.map((f) => f.name) };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK_ID]);
    }
  } finally {
    await client.end();
  }
}

async function pendingMigrations(client: Client, files: MigrationFile[], log: (msg: string) => void): Promise<MigrationFile[]> {
  // Rows marked rolled back (`prisma migrate resolve --rolled-back`) no longer count, as in Prisma.
  const { rows } = await client.query<MigrationRow>(
    `SELECT migration_name, checksum, finished_at, started_at FROM _prisma_migrations
      WHERE rolled_back_at IS NULL ORDER BY started_at, migration_name`,
  );
  const failed = rows.find((row) => row.finished_at === null);
  if (failed) {
    throw new MigrationRefusedError(
      failed.migration_name,
      `Migration ${failed.migration_name} started at ${failed.started_at.toISOString()} and never finished. ` +
        'Repair the database by hand, then mark it rolled back (prisma migrate resolve --rolled-back ' +
        `${failed.migration_name}) or applied (--applied) before migrating again.`,
    );
  }
  const byName = new Map(files.map((f) => [f.name, f]));
  const applied = new Set<string>();
  for (const row of rows) {
    applied.add(row.migration_name);
    const file = byName.get(row.migration_name);
    if (!file) {
      log(`Migration ${row.migration_name} is applied to the database but has no folder here; leaving it as it is.`);
      continue;
    }
    if (!scriptMatchesChecksum(file.script, row.checksum)) {
      throw new MigrationRefusedError(
        file.name,
        `Migration ${file.name} was changed after it was applied (checksum ${row.checksum}, file now ${file.checksum}). ` +
          'Restore the applied migration.sql and put the change in a new migration.',
      );
    }
  }
  return files.filter((f) => !applied.has(f.name));
}

async function applyOne(client: Client, file: MigrationFile): Promise<void> {
  const startedAt = new Date();
  await client.query('BEGIN');
  try {
    // No parameters, so pg sends the simple-query protocol, which runs a multi-statement script as Prisma does.
    await client.query(file.script);
    await client.query(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, $4, clock_timestamp(), 1)`,
      [randomUUID(), file.checksum, file.name, startedAt],
    );
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    // The rollback undid the whole migration, so unlike Prisma (which cannot roll back a partly applied
    // script) nothing is recorded: fixing the migration and running again is safe.
    throw new MigrationRefusedError(file.name, `Migration ${file.name} failed and was rolled back: ${(err as Error).message}`);
  }
}
