import { Pool } from 'pg';
import { ERROR_CODES, WardenError } from '../errors';
import type { DataMap } from './data-map-schema';

/** Connections to every data source the map names; pg rather than lib/db, because these databases are not Warden's. */
export interface PlatformSources {
  pool(source: string): Pool;
  close(): Promise<void>;
}

/** The URL a source's environment variable (or its fallback) gives, or a message naming the variable. */
export function sourceUrl(map: DataMap, source: string, env: NodeJS.ProcessEnv): string {
  const spec = map.sources[source];
  if (!spec) throw new WardenError(ERROR_CODES.config, `The data map has no source named ${source}.`);
  const url = env[spec.urlEnv]?.trim() || (spec.fallbackUrlEnv ? env[spec.fallbackUrlEnv]?.trim() : undefined);
  if (!url) {
    const names = [spec.urlEnv, spec.fallbackUrlEnv].filter(Boolean).join(' or ');
    throw new WardenError(ERROR_CODES.config, `Data source ${source} (${map.file}) needs a PostgreSQL URL in ${names}.`);
  }
  return url;
}

/** Opens one small pool per source; nothing connects until a query runs. */
export function openPlatformSources(map: DataMap, env: NodeJS.ProcessEnv = process.env, opts: { maxConnections?: number } = {}): PlatformSources {
  const pools = new Map<string, Pool>();
  for (const name of Object.keys(map.sources)) {
    const pool = new Pool({
      connectionString: sourceUrl(map, name, env),
      max: opts.maxConnections ?? 4,
      application_name: `warden-data-rights:${name}`,
      // Exported timestamps are written in UTC, whatever the database's own time zone.
      options: '-c TimeZone=UTC',
      // A platform database that does not answer fails the step with a reason instead of hanging it.
      connectionTimeoutMillis: 10_000,
    });
    // An idle connection that dies (database restart) must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    pools.set(name, pool);
  }
  return {
    pool(source) {
      const pool = pools.get(source);
      if (!pool) throw new WardenError(ERROR_CODES.config, `The data map has no source named ${source}.`);
      return pool;
    },
    async close() {
      await Promise.all([...pools.values()].map((p) => p.end()));
    },
  };
}
