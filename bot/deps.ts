import type { Client } from '@temporalio/client';
import type { RoleLookup } from '../lib/access/org-admin';
import type { KeyWorkflowSettings } from '../lib/contracts';
import type { SecretSealer } from '../lib/crypto';
import type { createAuditLog } from '../lib/db/repositories/audit-log';
import type { createProviderKeyRepository } from '../lib/db/repositories/provider-keys';
import type { createSealedSecretRepository } from '../lib/db/repositories/sealed-secrets';
import type { Logger } from '../lib/log';

/** What the Slack process needs: reads through repositories, every change through a workflow. */
export interface BotDeps {
  temporal: Client;
  taskQueue: string;
  keySettings: KeyWorkflowSettings;
  keys: Pick<ReturnType<typeof createProviderKeyRepository>, 'list' | 'findActive'>;
  members: RoleLookup;
  audit: Pick<ReturnType<typeof createAuditLog>, 'append'>;
  /** The modal handler seals the key and parks the ciphertext here before any workflow starts. */
  sealedSecrets: Pick<ReturnType<typeof createSealedSecretRepository>, 'put'>;
  sealer: Pick<SecretSealer, 'seal'>;
  clock: () => Date;
  logger: Logger;
}
