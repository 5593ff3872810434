import type { RoleLookup } from '../lib/access/org-admin';
import type { AccessWorkflowSettings, BreakGlassSettings, KeyWorkflowSettings, ReviewSettings } from '../lib/contracts';
import type { KeyFingerprinter, SecretSealer } from '../lib/crypto';
import type { createAuditLog } from '../lib/db/repositories/audit-log';
import type { BreakGlassRepository } from '../lib/db/repositories/break-glass';
import type { MemberRepository } from '../lib/db/repositories/members';
import type { createProviderKeyRepository } from '../lib/db/repositories/provider-keys';
import type { ReviewRepository } from '../lib/db/repositories/reviews';
import type { RoleGrantRepository } from '../lib/db/repositories/role-grants';
import type { createSealedSecretRepository } from '../lib/db/repositories/sealed-secrets';
import type { Logger } from '../lib/log';
import type { AllowedHosts } from '../lib/net';
import type { OnCallSettings } from '../lib/contracts/oncall';
import type { IncidentRepository } from '../lib/db/repositories/incidents';
import type { IngestionSettings } from '../lib/contracts';
import type { HostedQuotaRepository } from '../lib/db/repositories/hosted-quotas';
import type { ProviderPolicyRepository } from '../lib/db/repositories/provider-policies';
import type { WorkflowClient } from './workflow-client';
import type { DsarSettings } from '../lib/contracts';
import type { DsarRequestRepository } from '../lib/db';
import type { AgentRepository, ApiKeyRepository } from '../lib/db';
import type { ApiKeyHasher } from '../lib/crypto';
import type { ByokReport } from '../lib/agents/byok-report';

/** What the Slack process needs: reads through repositories, every change through a workflow. */
export interface BotDeps {
  /** The one way into Temporal: starts, signals and updates, each with proof of who asked. */
  workflows: WorkflowClient;
  keySettings: KeyWorkflowSettings;
  /** WARDEN_ALLOWED_PRIVATE_HOSTS, for the key modal's inline check of a base URL. */
  allowedPrivateHosts: AllowedHosts;
  keys: Pick<ReturnType<typeof createProviderKeyRepository>, 'list' | 'listOverview' | 'findActive'>;
  /** Who holds which role, in memory (kept current by notifications): fast feedback before an ack. */
  roles: RoleLookup;
  members: Pick<MemberRepository, 'findBySlackId'>;
  accessSettings: AccessWorkflowSettings;
  roleGrants: Pick<RoleGrantRepository, 'get' | 'activeGrants' | 'listForMember'>;
  breakGlass: Pick<BreakGlassRepository, 'get' | 'listOpen' | 'isBlocked'>;
  breakGlassSettings: BreakGlassSettings;
  reviews: Pick<ReviewRepository, 'getItem'>;
  reviewSettings: ReviewSettings;
  audit: Pick<ReturnType<typeof createAuditLog>, 'append'>;
  /** The modal handler seals the key and parks the ciphertext here before any workflow starts. */
  sealedSecrets: Pick<ReturnType<typeof createSealedSecretRepository>, 'putForRequest'>;
  sealer: Pick<SecretSealer, 'seal'>;
  /** Fingerprints a key pasted in a message, to match it to an org key (Report leaked key). */
  fingerprints: Pick<KeyFingerprinter, 'fingerprint'>;
  /** Incident channel, on-call people and runbook timings (on-call runbook). */
  onCallSettings: OnCallSettings;
  incidents: Pick<IncidentRepository, 'get' | 'listOpen'>;
  // Knowledge ingestion
  ingestSettings: IngestionSettings;
  /** Channels whose shared files the "Ingest files" shortcut may take (WARDEN_INGEST_CHANNELS). */
  ingestShortcutChannels: string[];
  /** This month's hosted usage, for the modal and `/warden usage` (reads only). */
  hostedQuotas: Pick<HostedQuotaRepository, 'usage'>;
  policies: Pick<ProviderPolicyRepository, 'isByokOnly'>;
  // Data-subject requests
  dsarSettings: DsarSettings;
  /** Open requests for `/warden dsar status` (reads only). */
  dsar: { requests: Pick<DsarRequestRepository, 'listOpen' | 'get'> };
  clock: () => Date;
  logger: Logger;
  /** Work after an ack (sealing, starting a workflow, updating a modal), queued so acks never wait behind it. */
  afterAck(what: string, job: () => Promise<void>): void;
  // Agent registry and scoped API keys (issue 12)
  agents: Pick<AgentRepository, 'list'>;
  apiKeys: Pick<ApiKeyRepository, 'list' | 'findByPrefix'>;
  /** Generates a key and its keyed hash in the bot, so only the hash ever reaches a workflow. */
  apiKeyHasher: Pick<ApiKeyHasher, 'generate'>;
  apiKeySettings: { rotationOverlapMs: number };
  byokReport: ByokReport;
}
