import { createAccessActivities } from './access';
import type { ActivityDeps } from './deps';
import { createDsarActivities } from './dsar';
import { createHealthActivities } from './health';
import { createIngestionActivities } from './ingestion';
import { createKeyActivities } from './keys';
import { createReviewActivities } from './reviews';
import { createRunbookActivities } from './runbooks';
import { createSlackActivities } from './slack';
import { exactlyOnceSlack } from './slack/exactly-once-slack';
import { createTrustActivities } from './trust';
import { createDataRightsActivities } from './data-rights/retention';
import { createAgentAndApiKeyActivities } from './api-keys';

export type { ActivityDeps, OnCallPolicy } from './deps';

/** Every activity the worker registers, built over its dependencies (real ones in production, fakes in tests). */
export function createActivities(base: ActivityDeps) {
  const deps: ActivityDeps = { ...base, slack: exactlyOnceSlack(base.slack, base.slackPosts) };
  return {
    ...createTrustActivities(deps),
    ...createKeyActivities(deps),
    ...createSlackActivities(deps),
    ...createAccessActivities(deps),
    ...createReviewActivities(deps),
    ...createRunbookActivities(deps),
    ...createHealthActivities(deps),
    ...createIngestionActivities(deps),
    ...createDsarActivities(deps),
    ...createDataRightsActivities(deps),
    ...createAgentAndApiKeyActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
