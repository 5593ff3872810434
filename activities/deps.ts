import type { ActorAssertions, KeyFingerprinter, SecretSealer } from '../lib/crypto';
import type { DsarServices } from './dsar/dsar-services';
import type {
  AuditLog,
  BreakGlassRepository,
  IncidentRepository,
  KeyHealthRepository,
  MemberRegistry,
  MemberRepository,
  ProviderKeyRepository,
  ProviderPolicyRepository,
  ReviewRepository,
  RoleGrantRepository,
  SealedSecretRepository,
  SlackPostLedger,
} from '../lib/db';
import type { HostedQuotaRepository, KnowledgeChunkRepository } from '../lib/db';
import type { OcrPool } from '../lib/ingestion/ocr-pool';
import type { PdfReader } from '../lib/ingestion/pdf-reader';
import type { KeyResolver } from '../lib/keys/resolve-key';
import type { Logger } from '../lib/log';
import type { AllowedHosts, GuardedFetch } from '../lib/net';
import type { GeminiMedia } from '../lib/providers/gemini-media';
import type { SlackFiles } from '../lib/slack/slack-files';
import type { ChatProbe, ProviderKeyChecker } from '../lib/providers';
import type { SlackPoster } from '../lib/slack/slack-poster';
import type { DataRightsServices } from '../lib/data-rights';
import type { AgentRepository, ApiKeyRepository } from '../lib/db';
import type { AgentRegistrar } from '../lib/agents/register-agent';
import type { ByokReport } from '../lib/agents/byok-report';

/** On-call policy the activities need from config. */
export interface OnCallPolicy {
  users: string[];
  keyMaxAgeMs: number;
  keyMaxAgeBySlot: Record<string, number>;
  /** Key checks a health sweep keeps in flight per provider, in this worker (WARDEN_HEALTH_SWEEP_CONCURRENCY). */
  healthSweepConcurrency?: number;
}

/**
 * Everything an activity may use, built once by the runtime (real services) or a test (fakes for Slack and
 * the providers). Each activity factory takes the `Pick` of it that it needs, so its dependencies stay
 * visible at a glance.
 */
/** What ingestion activities need from config. */
export interface IngestionPolicy {
  /** After this long a hosted-quota reservation is taken to be abandoned (a crashed worker) and freed. */
  reservationTtlMs: number;
  /** Gemini's host, named in provider error details. */
  geminiHost: string;
}

export interface ActivityDeps {
  keys: ProviderKeyRepository;
  sealedSecrets: SealedSecretRepository;
  policies: ProviderPolicyRepository;
  members: MemberRepository;
  memberRegistry: MemberRegistry;
  roleGrants: RoleGrantRepository;
  breakGlass: BreakGlassRepository;
  reviews: ReviewRepository;
  incidents: IncidentRepository;
  keyHealth: KeyHealthRepository;
  audit: AuditLog;
  sealer: SecretSealer;
  fingerprints: KeyFingerprinter;
  actorAssertions: ActorAssertions;
  checker: ProviderKeyChecker;
  chatProbe: ChatProbe;
  slack: SlackPoster;
  /** The ledger that makes activity posts to Slack happen once (activities/slack/exactly-once-slack.ts). */
  slackPosts: SlackPostLedger;
  onCall: OnCallPolicy;
  clock: () => Date;
  logger: Logger;
  // Knowledge ingestion
  knowledge: KnowledgeChunkRepository;
  hostedQuotas: HostedQuotaRepository;
  /** Tesseract worker threads, created by the runtime and shared by every item. */
  ocr: OcrPool;
  pdfs: PdfReader;
  geminiMedia: GeminiMedia;
  /** Null when Slack is not configured. */
  slackFiles: SlackFiles | null;
  /** fetch for URLs a person gave (the crawler): never a private or loopback address unless allowlisted. */
  crawlFetch: GuardedFetch;
  /** WARDEN_ALLOWED_PRIVATE_HOSTS, for refusing a private crawl target before anything is fetched. */
  allowedPrivateHosts: AllowedHosts;
  /** The org's active key, else the hosted one; decrypts, so only the activity that calls the provider uses it. */
  resolveKey: KeyResolver;
  ingestion: IngestionPolicy;
  /** Data-subject requests: their repositories, package encryption and the data layer (lib/data-rights). */
  dsar: DsarServices;
  // Data rights (issue 10): the data map, its sources, legal holds and the subject pseudonym key.
  dataRights: DataRightsServices;
  // Agent registry and scoped API keys (issue 12)
  agents: AgentRepository;
  apiKeys: ApiKeyRepository;
  registerAgent: AgentRegistrar;
  byokReport: ByokReport;
}
