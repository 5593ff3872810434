// lib/db is the only code that talks to PostgreSQL. Everything it returns is a plain object; ciphertext
// leaves it only through the sealed-secret repository, to lib/crypto callers.
export { createPrismaClient, type Db } from './client';
export { applyMigrations, MigrationRefusedError, type ApplyMigrationsOptions } from './migrate';
export { migrationChecksum, readMigrationFiles } from './migration-files';
export type { Role, SealedEnvelope } from './types';
export { createSealedSecretRepository, type SealedSecretRepository } from './repositories/sealed-secrets';
export {
  createProviderKeyRepository,
  type CreatePendingKeyInput,
  type ProviderKeyRepository,
  type ProviderKeyView,
} from './repositories/provider-keys';
export { createProviderPolicyRepository, type ProviderPolicyRepository, type ProviderPolicyView } from './repositories/provider-policies';
export { createMemberRepository, type MemberRepository, type MemberView } from './repositories/members';
export { createRoleGrantRepository, type RoleGrantRepository, type RoleGrantView } from './repositories/role-grants';
export { createMemberRegistry, type MemberRegistry, type RegisteredMember } from './repositories/member-registry';
export { createBreakGlassRepository, type BreakGlassRepository, type BreakGlassView } from './repositories/break-glass';
export { createReviewRepository, type ReviewDecision, type ReviewItemView, type ReviewRepository } from './repositories/reviews';
export type { EvidenceFormat } from './repositories/review-evidence';
export { createIncidentRepository, type IncidentRepository, type IncidentView } from './repositories/incidents';
export { createSlackPostLedger, type SlackPostLedger } from './repositories/slack-posts';
export { createKeyHealthRepository, type KeyAlertStateView, type KeyHealthCheckRow, type KeyHealthRepository } from './repositories/key-health';
export {
  createAuditLog,
  type AuditEventInput,
  type AuditEventView,
  type AuditListFilter,
  type AuditLog,
  type AuditVerification,
  type AuditVerifyOptions,
  type AuditVerifyProgress,
} from './repositories/audit-log';
export {
  createHostedQuotaRepository,
  DEFAULT_HOSTED_PLAN,
  type FeatureUsage,
  type HostedQuotaRepository,
  type ReserveOutcome,
  type ReserveRequest,
} from './repositories/hosted-quotas';
export { createKnowledgeChunkRepository, type ChunkSource, type KnowledgeChunkRepository, type NewChunk } from './repositories/knowledge-chunks';
export { createDsarRequestRepository, type DsarRequestRepository, type DsarRequestView, type OpenDsarRequest } from './repositories/dsar-requests';
export { createDsarPackageRepository, type CompletePackage, type DsarPackageRepository, type LinkClaim } from './repositories/dsar-packages';

export { createLegalHoldRepository, type LegalHoldRepository, type LegalHoldView, type NewLegalHold } from './repositories/legal-holds';
export { createApiKeyRepository, type ApiKeyRepository, type ApiKeyView, type CreateApiKeyRow } from './repositories/api-keys';
export { createAgentRepository, type AgentRepository } from './repositories/agents';
