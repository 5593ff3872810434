import { tmpdir } from 'node:os';
import type { WardenConfig } from '../lib/config';
import type { DsarSettings } from '../lib/contracts';
import { createChunkSealer, type KeyEncryptionService } from '../lib/crypto';
import { createLegalHolds, eraseSubject, subjectPseudonym, writeExportFiles, type DataRightsServices } from '../lib/data-rights';
import { createDsarPackageRepository, createDsarRequestRepository, type AuditLog, type Db } from '../lib/db';
import type { DsarServices } from '../activities/dsar';

/** Data-subject requests' share of the services: packages, requests and settings over the data-rights layer. */
export function buildDsarServices(config: WardenConfig, prisma: Db, kms: KeyEncryptionService, audit: AuditLog, dataRights: DataRightsServices) {
  const { map, sources, pseudonymKey } = dataRights;
  const holds = createLegalHolds({ repo: dataRights.legalHolds, audit, sources, map, pseudonymKey });
  const dsar: DsarServices = {
    requests: createDsarRequestRepository(prisma),
    packages: createDsarPackageRepository(prisma),
    chunks: createChunkSealer(kms),
    pseudonym: (subject) => subjectPseudonym(subject, pseudonymKey),
    map,
    writeExportFiles: (subject, dir) => writeExportFiles(sources, map, subject, dir),
    eraseSubject: async (subject) => eraseSubject(sources, map, subject, { holds: await holds.current(), pseudonymKey, now: new Date() }),
    holds,
    tempDir: tmpdir(),
    publicUrl: config.dsar.publicUrl,
    linkTtlMs: config.dsar.linkTtlMs,
  };
  const dsarSettings: DsarSettings = {
    channel: config.dsar.channel ?? config.access.complianceChannel ?? config.slack?.adminChannel ?? '',
    regimes: config.dsar.regimes,
    overdueEveryMs: config.dsar.overdueEveryMs,
    defaultRegime: config.dsar.defaultRegime,
    roles: config.dsar.roles,
    requiredApprovals: config.dsar.requiredApprovals,
    linkTtlMs: config.dsar.linkTtlMs,
    temporalUiUrl: config.temporal.uiUrl,
    namespace: config.temporal.namespace,
  };
  return { dsar, dsarSettings };
}
