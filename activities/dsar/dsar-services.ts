import type { ChunkSealer } from '../../lib/crypto';
import type { DataMap, ErasureReport, ExportManifest, LegalHolds, SubjectRef } from '../../lib/data-rights';
import type { DsarPackageRepository, DsarRequestRepository } from '../../lib/db';

/**
 * What data-subject request activities need beyond the common dependencies: their repositories, the chunk
 * sealer for packages, the subject pseudonym, and the data layer (lib/data-rights) over the platform's sources.
 */
export interface DsarServices {
  requests: DsarRequestRepository;
  packages: DsarPackageRepository;
  chunks: ChunkSealer;
  /** The keyed pseudonym audit events and holds carry instead of the subject. */
  pseudonym(subject: SubjectRef): string;
  map: DataMap;
  /** Writes the subject's export files (JSON Lines per record type, CSV summary, manifest) into `dir`. */
  writeExportFiles(subject: SubjectRef, dir: string): Promise<ExportManifest>;
  /** Applies the map's erasure strategies to the subject's records, keeping held and retention-required ones. */
  eraseSubject(subject: SubjectRef): Promise<ErasureReport>;
  /** Legal holds (place, lift, list), each change audited by lib/data-rights. */
  holds: LegalHolds;
  /** Where export files are written before they are packaged (a fresh folder per attempt, removed after). */
  tempDir: string;
  /** Download links start with this (Warden's HTTP server as browsers reach it). */
  publicUrl: string;
  linkTtlMs: number;
}
