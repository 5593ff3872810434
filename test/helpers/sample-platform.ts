// A migrated Warden test database with the sample platform seeded into it, and the default data map over it.
import path from 'node:path';
import { Client } from 'pg';
import { loadDataMap, openPlatformSources, seedPlatform, type DataMap, type PlatformSeedOptions, type PlatformSources } from '../../lib/data-rights';
import { createTestDatabase, type TestDatabase } from './database';

export const SEED_AS_OF = new Date('2026-06-01T00:00:00Z');
export const DEFAULT_MAP_FILE = path.resolve(__dirname, '../../config/data-map.yaml');

export interface SamplePlatform {
  db: TestDatabase;
  map: DataMap;
  sources: PlatformSources;
  sql: Client;
  close(): Promise<void>;
}

export async function createSamplePlatform(seed: Partial<PlatformSeedOptions> = {}): Promise<SamplePlatform> {
  const db = await createTestDatabase();
  const sql = new Client({ connectionString: db.url });
  await sql.connect();
  await seedPlatform(sql, { endUsers: 20, conversationsPerUser: 3, messagesPerConversation: 6, asOf: SEED_AS_OF, ...seed });
  const map = loadDataMap(DEFAULT_MAP_FILE);
  const sources = openPlatformSources(map, { DATABASE_URL: db.url });
  return {
    db,
    map,
    sources,
    sql,
    async close() {
      await sources.close();
      await sql.end();
      await db.drop();
    },
  };
}

export async function count(sql: Client, query: string, values: unknown[] = []): Promise<number> {
  const { rows } = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM (${query}) q`, values);
  return Number(rows[0]!.n);
}
