import path from 'node:path';
import { ConfigError, loadConfig } from '../lib/config';
import { applyMigrations } from '../lib/db';
import { checkDataMap, openPlatformSources, prepareSampleSources } from '../lib/data-rights';
import { createLogger } from '../lib/log';
import { startDevServer, type DevServer } from './dev-server';
import { startWarden } from './start-warden';
import { routeTemporalLogs } from './temporal-logging';
import { watchEventLoop } from './event-loop-watch';

const PARTS = ['worker', 'bot', 'api'] as const;

/** `npm start`: migrate, start the dev server unless TEMPORAL_ADDRESS is set, then worker + bot + key API. */
async function main(): Promise<void> {
  const partsArg = process.argv.find((a) => a.startsWith('--parts='))?.slice('--parts='.length);
  const wanted = partsArg ? partsArg.split(',') : [...PARTS];
  const unknown = wanted.filter((p) => !(PARTS as readonly string[]).includes(p));
  if (unknown.length) throw new ConfigError([`--parts: unknown part(s) ${unknown.join(', ')}; choose from ${PARTS.join(', ')}`]);

  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, bindings: { service: 'warden' } });
  routeTemporalLogs(logger, config.logLevel);
  watchEventLoop(logger);
  const root = path.resolve(__dirname, '..');
  const { applied } = await applyMigrations({ databaseUrl: config.databaseUrl, migrationsDir: path.join(root, 'prisma/migrations') });
  if (applied.length) logger.info('Database migrated', { applied });
  // The sample platform (data map sources marked sample: true), so a DSAR can be tried without a real platform.
  for (const p of await prepareSampleSources(config.dataRights.dataMap, process.env)) {
    if (p.seeded) logger.info('Seeded the sample platform', { source: p.source, ...p.seeded });
  }
  await checkDataMapAtStart(config.dataRights.dataMap, logger);

  let devServer: DevServer | undefined;
  if (!config.temporal.address) devServer = await startDevServer({ dataDir: path.join(root, '.warden'), logger });
  const warden = await startWarden({
    config,
    logger,
    temporalAddress: config.temporal.address ?? devServer!.address,
    bundleCacheDir: path.join(root, '.warden', 'bundles'),
    parts: { worker: wanted.includes('worker'), bot: wanted.includes('bot'), api: wanted.includes('api') },
  });
  const shutdown = async (signal: string) => {
    logger.info('Shutting down', { signal });
    await warden.stop();
    await devServer?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

/** A map naming what its databases lack stops the start, as any configuration error; a database down only warns. */
async function checkDataMapAtStart(map: Parameters<typeof checkDataMap>[0], logger: ReturnType<typeof createLogger>): Promise<void> {
  const sources = openPlatformSources(map, process.env);
  try {
    const { problems, unreachable } = await checkDataMap(map, sources);
    for (const u of unreachable) {
      logger.warn('Could not check the data map against its database; data-subject requests and retention on it fail until it answers', { source: u.source, error: u.error });
    }
    if (problems.length) throw new ConfigError(problems.map((p) => `WARDEN_DATA_MAP ${p}`));
  } finally {
    await sources.close();
  }
}

main().catch((err) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  console.error(JSON.stringify({ level: 'error', msg: 'Warden failed to start', error: err instanceof Error ? err.message : String(err) }));
  process.exit(1);
});
