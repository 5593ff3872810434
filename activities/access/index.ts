import { withActivityFailures } from '../activity-failure';
import { createBreakGlassActivities } from './break-glass';
import type { ActivityDeps } from '../deps';
import { createGrantRequestActivities } from './grant-requests';
import { createRegisterMember } from './register-member';
import { createFindGrantsToRevoke } from './revoke-grants';
import { createAccessSlackActivities } from './slack-messages';

export type { GrantSummary } from './grant-requests';

export function createAccessActivities(deps: ActivityDeps) {
  return withActivityFailures({
    ...createGrantRequestActivities(deps),
    findGrantsToRevoke: createFindGrantsToRevoke(deps),
    registerMember: createRegisterMember(deps),
    ...createAccessSlackActivities(deps),
    ...createBreakGlassActivities(deps),
  });
}

export type AccessActivities = ReturnType<typeof createAccessActivities>;
