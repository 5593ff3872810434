import { ConfigError, loadConfig } from '../lib/config';
import { createKeyFingerprinter, createKmsFromConfig, createSecretSealer } from '../lib/crypto';
import { createAuditLog, createPrismaClient, createProviderKeyRepository, createSealedSecretRepository } from '../lib/db';
import { rewrapSealedSecrets } from '../lib/keys/rewrap-sealed-secrets';
import { upgradeKeyFingerprints } from '../lib/keys/upgrade-key-fingerprints';
import { createLogger } from '../lib/log';

/**
 * `npm run rewrap-secrets`: move every sealed secret onto WARDEN_MASTER_KEY_VERSION, then re-fingerprint
 * keys still fingerprinted under an older version (see README "Rotating the master key").
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, bindings: { service: 'warden-rewrap' } });
  const prisma = createPrismaClient(config.databaseUrl);
  try {
    const { kms, versions } = createKmsFromConfig(config.masterKeys);
    const current = kms.current();
    const oldVersions = versions.filter((v) => v.kekVersion !== current.kekVersion);
    const sealedSecrets = createSealedSecretRepository(prisma);
    const sealer = createSecretSealer(kms);
    const { rewrapped } = await rewrapSealedSecrets({ sealedSecrets, sealer, oldVersions });
    logger.info('Sealed secrets re-wrapped', { rewrapped, currentVersion: current.kekVersion, from: oldVersions.map((v) => v.kekVersion) });

    // Usually a no-op: Warden re-fingerprints at start. This covers a rotation applied without a restart.
    const fingerprints = await createKeyFingerprinter(kms, versions);
    const keys = { keys: createProviderKeyRepository(prisma), audit: createAuditLog(prisma) };
    const summary = await upgradeKeyFingerprints({ ...keys, sealedSecrets, sealer, fingerprints, logger });
    logger.info('Key fingerprints re-keyed', { ...summary, currentVersion: current.kekVersion });
    if (summary.refused + summary.unreadable > 0) {
      logger.warn(
        'Some keys could not be re-fingerprinted (see the errors above and the audit log, action key.fingerprint_upgrade). ' +
          'They are refused at use; rotate or revoke them before removing the old master key.',
        { ...summary },
      );
    }
  } finally {
    await prisma.$disconnect();
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : `Re-wrap failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(err instanceof ConfigError ? 2 : 1);
});
