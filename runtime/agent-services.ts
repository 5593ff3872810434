import type { WardenConfig } from '../lib/config';
import { createByokReport } from '../lib/agents/byok-report';
import { createAgentRegistrar } from '../lib/agents/register-agent';
import type { Provider } from '../lib/contracts';
import { createApiKeyHasher, type KekRef, type KeyEncryptionService } from '../lib/crypto';
import { createAgentRepository, createApiKeyRepository, createAuditLog, createProviderKeyRepository, createProviderPolicyRepository, type Db } from '../lib/db';

/** The agent registry's and scoped API keys' share of the services (issue 12). */
export async function buildAgentServices(config: WardenConfig, prisma: Db, kms: KeyEncryptionService, versions: KekRef[]) {
  const agents = createAgentRepository(prisma);
  const apiKeys = createApiKeyRepository(prisma);
  const policies = createProviderPolicyRepository(prisma);
  const audit = createAuditLog(prisma);
  return {
    agents,
    apiKeys,
    apiKeyHasher: await createApiKeyHasher(kms, versions),
    apiKeySettings: { rotationOverlapMs: config.apiKeys.rotationOverlapMs },
    registerAgent: createAgentRegistrar({ agents, policies, audit }),
    byokReport: createByokReport({
      agents,
      keys: createProviderKeyRepository(prisma),
      policies,
      hostedProviders: new Set(Object.keys(config.providers.hostedKeys) as Provider[]),
    }),
  };
}
