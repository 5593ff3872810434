import { Client } from 'pg';
import type { DataMap } from './data-map-schema';
import { sourceUrl } from './platform-sources';
import { DEFAULT_SEED, ensurePlatformSchema, seedPlatform, type SeedCounts } from './sample-platform';

/**
 * For every source the map marks `sample: true`: creates the sample platform schema if missing and, when it
 * has no end users yet, seeds the default data set, so a new install can run a DSAR at once. A platform with
 * rows is never reseeded.
 */
export async function prepareSampleSources(map: DataMap, env: NodeJS.ProcessEnv, today = new Date()): Promise<Array<{ source: string; seeded?: SeedCounts }>> {
  const prepared: Array<{ source: string; seeded?: SeedCounts }> = [];
  for (const source of Object.values(map.sources).filter((s) => s.sample)) {
    const client = new Client({ connectionString: sourceUrl(map, source.name, env) });
    await client.connect();
    try {
      await ensurePlatformSchema(client);
      const { rows } = await client.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM platform.end_user_contacts) AS any');
      if (rows[0]!.any) {
        prepared.push({ source: source.name });
        continue;
      }
      const asOf = new Date(`${today.toISOString().slice(0, 10)}T00:00:00Z`);
      prepared.push({ source: source.name, seeded: await seedPlatform(client, { ...DEFAULT_SEED, asOf }) });
    } finally {
      await client.end();
    }
  }
  return prepared;
}
