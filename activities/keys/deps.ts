import type { createAuditLog } from '../../lib/db/repositories/audit-log';
import type { createMemberRepository } from '../../lib/db/repositories/members';
import type { createProviderKeyRepository } from '../../lib/db/repositories/provider-keys';
import type { createProviderPolicyRepository } from '../../lib/db/repositories/provider-policies';
import type { createSealedSecretRepository } from '../../lib/db/repositories/sealed-secrets';
import type { KeyFingerprinter, SecretSealer } from '../../lib/crypto';
import type { Logger } from '../../lib/log';
import type { ProviderKeyChecker } from '../../lib/providers';

export interface KeyActivityDeps {
  keys: ReturnType<typeof createProviderKeyRepository>;
  sealedSecrets: ReturnType<typeof createSealedSecretRepository>;
  policies: ReturnType<typeof createProviderPolicyRepository>;
  members: ReturnType<typeof createMemberRepository>;
  audit: ReturnType<typeof createAuditLog>;
  sealer: SecretSealer;
  fingerprints: KeyFingerprinter;
  checker: ProviderKeyChecker;
  clock: () => Date;
  logger: Logger;
}
