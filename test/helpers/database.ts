// A real, migrated PostgreSQL database per test file, in milliseconds: the migrations run once into a template
// database (named by a hash of the migrations, so an edited migration gets a fresh one) and every test database
// is a copy of it (CREATE DATABASE … TEMPLATE, a file-level copy).
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { createPrismaClient } from '../../lib/db/client';
import type { PrismaClient } from '../../lib/db/generated/client';
import { applyMigrations } from '../../lib/db/migrate';
import { readMigrationFiles } from '../../lib/db/migration-files';

export const MIGRATIONS_DIR = path.resolve(__dirname, '../../prisma/migrations');

export interface TestDatabase {
  url: string;
  prisma: PrismaClient;
  drop(): Promise<void>;
}

/** The server's maintenance connection: it creates and drops the per-test databases. */
export function adminDatabaseUrl(): string {
  return process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
}

export function databaseUrl(name: string): string {
  const url = new URL(adminDatabaseUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export function templateDatabaseName(): string {
  const hash = createHash('sha256');
  for (const m of readMigrationFiles(MIGRATIONS_DIR)) hash.update(`${m.name}\0${m.script}\0`);
  return `warden_template_${hash.digest('hex').slice(0, 12)}`;
}

let templateReady: Promise<string> | undefined;

/** Creates and migrates the template once; safe when several processes race to do it. */
export function ensureTemplateDatabase(): Promise<string> {
  templateReady ??= buildTemplate().catch((err: unknown) => {
    templateReady = undefined;
    throw err;
  });
  return templateReady;
}

async function buildTemplate(): Promise<string> {
  const name = templateDatabaseName();
  await withAdmin(async (admin) => {
    if (await databaseExists(admin, name)) return;
    // Built under a private name and renamed when complete, so nobody copies a half-migrated template.
    const building = `${name}_build_${randomBytes(4).toString('hex')}`;
    await admin.query(`CREATE DATABASE "${building}" TEMPLATE template0`);
    try {
      await applyMigrations({ databaseUrl: databaseUrl(building), migrationsDir: MIGRATIONS_DIR });
      // A stray connection to the template would make every CREATE DATABASE … TEMPLATE fail.
      await admin.query(`ALTER DATABASE "${building}" WITH ALLOW_CONNECTIONS false`);
      await admin.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
    } catch (err) {
      await admin.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
      if (!(await databaseExists(admin, name))) throw err;
      // Another test process finished the same template first: use theirs.
    }
  });
  return name;
}

/** A fresh database with every committed migration applied, and a Prisma client connected to it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = await ensureTemplateDatabase();
  const name = `warden_t_${randomBytes(6).toString('hex')}`;
  await withAdmin(async (admin) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        return;
      } catch (err) {
        // 55006: the template is briefly busy (another worker copying it); PostgreSQL asks us to retry.
        if ((err as { code?: string }).code !== '55006' || attempt >= 20) throw err;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  });
  const url = databaseUrl(name);
  const prisma = createPrismaClient(url);
  return {
    url,
    prisma,
    async drop() {
      await prisma.$disconnect();
      await dropDatabase(name);
    },
  };
}

/** A database with nothing in it, for tests that build a schema themselves. */
export async function createEmptyDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `warden_t_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}" TEMPLATE template0`));
  return { name, url: databaseUrl(name), drop: () => dropDatabase(name) };
}

async function dropDatabase(name: string): Promise<void> {
  await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

async function databaseExists(admin: Client, name: string): Promise<boolean> {
  const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  return rowCount === 1;
}

async function withAdmin<T>(fn: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: adminDatabaseUrl() });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(`PostgreSQL is not reachable at ${adminDatabaseUrl()} (set DATABASE_URL, or start the server): ${(err as Error).message}`);
  }
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}
