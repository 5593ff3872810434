import type { LegalHoldRepository } from '../db';
import type { DataMap } from './data-map-schema';
import type { PlatformSources } from './platform-sources';

/** What Warden's processes hold for data rights: built once at start-up (runtime/data-rights-services.ts). */
export interface DataRightsServices {
  map: DataMap;
  sources: PlatformSources;
  legalHolds: LegalHoldRepository;
  /** For subject pseudonyms only, kept sealed so it outlives master-key rotations (loadSubjectPseudonymKey). */
  pseudonymKey: Buffer;
  retentionBatchSize: number;
  /** Sealed secrets nothing claimed within this long are deleted by the retention run. */
  unclaimedSecretsAfterMs: number;
}
