import { withActivityFailures } from '../activity-failure';
import { createActivateKey } from './activate-key';
import { createAuthorizeKeyAdmin } from './authorize-key-admin';
import { createCheckKeyHealth } from './check-key-health';
import type { ActivityDeps } from '../deps';
import { createMarkKeyFailed } from './mark-key-failed';
import { createRevokeActiveKey, createRevokeRetiringKey } from './revoke-keys';
import { createSetProviderByokOnly } from './set-provider-policy';
import { createStorePendingKey } from './store-pending-key';


export function createKeyActivities(deps: ActivityDeps) {
  return withActivityFailures({
    authorizeKeyAdmin: createAuthorizeKeyAdmin(deps),
    storePendingKey: createStorePendingKey(deps),
    checkKeyHealth: createCheckKeyHealth(deps),
    activateKey: createActivateKey(deps),
    markKeyFailed: createMarkKeyFailed(deps),
    revokeRetiringKey: createRevokeRetiringKey(deps),
    revokeActiveKey: createRevokeActiveKey(deps),
    setProviderByokOnly: createSetProviderByokOnly(deps),
  });
}

export type KeyActivities = ReturnType<typeof createKeyActivities>;
