import type { WardenConfig } from '../lib/config';
import { loadSubjectPseudonymKey, openPlatformSources, type DataRightsServices } from '../lib/data-rights';
import { createLegalHoldRepository, type Db } from '../lib/db';

/** Data rights' long-lived parts: the data map's connections, legal holds and the pseudonym key. */
export async function buildDataRightsServices(
  config: WardenConfig,
  prisma: Db,
  keyParts: Parameters<typeof loadSubjectPseudonymKey>[0],
): Promise<{ dataRights: DataRightsServices }> {
  return {
    dataRights: {
      map: config.dataRights.dataMap,
      sources: openPlatformSources(config.dataRights.dataMap, config.dataRights.sourceEnv),
      legalHolds: createLegalHoldRepository(prisma),
      pseudonymKey: await loadSubjectPseudonymKey(keyParts),
      retentionBatchSize: config.dataRights.retention.batchSize,
      unclaimedSecretsAfterMs: config.dataRights.retention.unclaimedSecretsAfterMs,
    },
  };
}
