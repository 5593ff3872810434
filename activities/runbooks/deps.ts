import type { RoleLookup } from '../../lib/access/org-admin';
import type { KeyFingerprinter, SecretSealer } from '../../lib/crypto';
import type { createAuditLog } from '../../lib/db/repositories/audit-log';
import type { IncidentRepository } from '../../lib/db/repositories/incidents';
import type { KeyHealthRepository } from '../../lib/db/repositories/key-health';
import type { ProviderKeyRepository } from '../../lib/db/repositories/provider-keys';
import type { createSealedSecretRepository } from '../../lib/db/repositories/sealed-secrets';
import type { Logger } from '../../lib/log';
import type { ChatProbe, ProviderKeyChecker } from '../../lib/providers';
import type { SlackPoster } from '../../lib/slack/slack-poster';

/** On-call policy the activities need from config. */
export interface OnCallPolicy {
  users: string[];
  keyMaxAgeMs: number;
  keyMaxAgeBySlot: Record<string, number>;
}

/** Dependencies of the key-leak runbook and the scheduled health and rotation checks. */
export interface OnCallActivityDeps {
  keys: ProviderKeyRepository;
  sealedSecrets: ReturnType<typeof createSealedSecretRepository>;
  sealer: SecretSealer;
  fingerprints: KeyFingerprinter;
  checker: ProviderKeyChecker;
  chatProbe: ChatProbe;
  incidents: IncidentRepository;
  keyHealth: KeyHealthRepository;
  members: RoleLookup;
  audit: ReturnType<typeof createAuditLog>;
  slack: SlackPoster;
  onCall: OnCallPolicy;
  clock: () => Date;
  logger: Logger;
}
