// Applies prisma/migrations to DATABASE_URL: `tsx lib/db/migrate-cli.ts` (npm start and setup run it first).
//
// It reads DATABASE_URL alone rather than loadConfig(): migrating needs no Slack or Temporal settings, and
// a deploy must be able to migrate before the rest of the configuration exists.
import path from 'node:path';
import { createLogger } from '../log';
import { applyMigrations } from './migrate';

async function main(): Promise<void> {
  const logger = createLogger({ bindings: { component: 'migrate' } });
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl || !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    logger.error('DATABASE_URL must be set to a postgresql:// URL to apply migrations.');
    process.exitCode = 1;
    return;
  }
  try {
    const { applied } = await applyMigrations({
      databaseUrl,
      migrationsDir: path.resolve(__dirname, '../../prisma/migrations'),
      log: (msg) => logger.info(msg),
    });
    logger.info('Database is up to date.', { applied });
  } catch (err) {
    logger.error('Migrations were not applied.', { err });
    process.exitCode = 1;
  }
}

void main();
