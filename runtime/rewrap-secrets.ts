import { ConfigError, loadConfig } from '../lib/config';
import { createKmsFromConfig, createSecretSealer } from '../lib/crypto';
import { createPrismaClient, createSealedSecretRepository } from '../lib/db';
import { rewrapSealedSecrets } from '../lib/keys/rewrap-sealed-secrets';
import { createLogger } from '../lib/log';

/** `npm run rewrap-secrets`: move every sealed secret onto WARDEN_MASTER_KEY_VERSION (see README "Rotating the master key"). */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, bindings: { service: 'warden-rewrap' } });
  const prisma = createPrismaClient(config.databaseUrl);
  try {
    const { kms, versions } = createKmsFromConfig(config.masterKeys);
    const current = kms.current();
    const oldVersions = versions.filter((v) => v.kekVersion !== current.kekVersion);
    const { rewrapped } = await rewrapSealedSecrets({ sealedSecrets: createSealedSecretRepository(prisma), sealer: createSecretSealer(kms), oldVersions });
    logger.info('Sealed secrets re-wrapped', { rewrapped, currentVersion: current.kekVersion, from: oldVersions.map((v) => v.kekVersion) });
  } finally {
    await prisma.$disconnect();
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : `Re-wrap failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(err instanceof ConfigError ? 2 : 1);
});
