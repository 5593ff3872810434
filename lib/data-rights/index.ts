// Data rights (issue 10): the data map, export and erasure of a subject's records, legal holds, retention,
// and PII redaction. The Slack commands and request workflows build on these.
export { parseSubject, subjectKey, SUBJECT_KINDS, type ParsedSubject, type SubjectKind, type SubjectRef } from './subject';
export { loadDataMap, parseDataMap, DataMapError, type DataMapProblem } from './load-data-map';
export { COLUMN_STRATEGIES, type ColumnStrategy, type DataMap, type Erasure, type RecordTypeSpec, type SourceSpec, type TableSpec } from './data-map-schema';
export { openPlatformSources, sourceUrl, type PlatformSources } from './platform-sources';
export { resolveIdentifiers, type Identifiers } from './subject-sql';
export { writeExportFiles, type ExportFileEntry, type ExportManifest } from './export-files';
export { loadSubjectPseudonymKey, subjectPseudonym, SUBJECT_PSEUDONYM_KEY_SECRET_ID, PSEUDONYM_PREFIX, SUBJECT_PSEUDONYM_PURPOSE } from './pseudonym';
export { ensurePlatformSchema, seedPlatform, BULK_SUBJECT, DEFAULT_SEED, type PlatformSeedOptions, type SeedCounts } from './sample-platform';
export { prepareSampleSources } from './prepare-sample-sources';
export { checkDataMap, type DataMapCheck } from './check-data-map';
export { createLegalHolds, holdSetOf, identifierPseudonyms, NO_HOLDS, type HoldSet, type LegalHolds, type LegalHoldsDeps } from './legal-holds';
export { eraseSubject, type ErasureOptions, type ErasureReport, type ErasureTableReport } from './erase-subject';
export { enforceRetention, type RetentionOptions, type RetentionTableResult } from './enforce-retention';
export { redactText, type CustomPattern, type RedactionResult, type RedactOptions } from './redact/redact-text';
export { REDACTION_TYPES, type RedactionType } from './redact/detectors';
export { ibanValid, luhnValid } from './redact/checksums';
export type { DataRightsServices } from './services';
