import { createByokCsvRoute, createPutAgentHandler } from '../api/agent-routes';
import { createApiKeyAuth } from '../api/api-key-auth';
import { createBootstrapApiKeyRoute } from '../api/bootstrap-api-key-route';
import type { RefusalAudit } from '../api/refusal-audit';
import { createResolveKeyRoute } from '../api/resolve-key-route';
import type { FallbackHandler, RouteHandler } from '../api/server';
import { createVerifyApiKeyRoute } from '../api/verify-api-key-route';
import { createApiKeyVerifier } from '../lib/api-keys/api-key-verifier';
import type { WardenConfig } from '../lib/config';
import { listenForNotifications } from '../lib/db/notifications';
import type { Logger } from '../lib/log';
import type { WardenServices } from './build-services';

/**
 * The key API's routes that scoped API keys open (issue 12): the verifier (memory, dropped on every change the
 * api_keys trigger notifies), the one scope check, and the routes over them. The service token only creates
 * keys, and only while it is configured.
 */
export async function createApiRoutesForKeys(p: { config: WardenConfig; services: WardenServices; refusals: RefusalAudit; logger: Logger }) {
  const { config, services, refusals, logger } = p;
  const verifier = createApiKeyVerifier({
    apiKeys: services.apiKeys,
    hasher: services.apiKeyHasher,
    subscribe: (onChange) => listenForNotifications({ databaseUrl: config.databaseUrl, channel: 'warden_api_keys', onNotify: onChange, logger }),
    flushEveryMs: config.apiKeys.lastUsedFlushMs,
    logger,
  });
  await verifier.start();
  const authorize = createApiKeyAuth({ verifier, refusals });
  const routes: Record<string, RouteHandler> = {
    'GET /v1/keys/resolve': createResolveKeyRoute({ resolveKey: services.resolveKey, authorize, logger }),
    'POST /v1/apikeys/verify': createVerifyApiKeyRoute({ verifier, refusals, logger }),
    'GET /v1/agents/byok.csv': createByokCsvRoute({ byokReport: services.byokReport, authorize, logger }),
  };
  if (config.serviceToken) {
    routes['POST /v1/apikeys'] = createBootstrapApiKeyRoute({
      serviceToken: config.serviceToken,
      apiKeys: services.apiKeys,
      hasher: services.apiKeyHasher,
      audit: services.audit,
      refusals,
      logger,
    });
  }
  const fallbacks: FallbackHandler[] = [createPutAgentHandler({ registerAgent: services.registerAgent, authorize, logger })];
  return { routes, fallbacks, authorize, verifier, stop: () => verifier.stop() };
}
