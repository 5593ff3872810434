import type { ActorAssertions, KeyFingerprinter, SecretSealer } from '../lib/crypto';
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
} from '../lib/db';
import type { Logger } from '../lib/log';
import type { ChatProbe, ProviderKeyChecker } from '../lib/providers';
import type { SlackPoster } from '../lib/slack/slack-poster';

/** On-call policy the activities need from config. */
export interface OnCallPolicy {
  users: string[];
  keyMaxAgeMs: number;
  keyMaxAgeBySlot: Record<string, number>;
}

/**
 * Everything an activity may use, built once by the runtime (real services) or a test (fakes for Slack and
 * the providers). Each activity factory takes the `Pick` of it that it needs, so its dependencies stay
 * visible at a glance.
 */
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
  onCall: OnCallPolicy;
  clock: () => Date;
  logger: Logger;
}
