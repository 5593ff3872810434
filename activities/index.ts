import { createAccessActivities, type AccessActivityDeps } from './access';
import { createHealthActivities } from './health';
import { createKeyActivities, type KeyActivityDeps } from './keys';
import { createReviewActivities, type ReviewActivityDeps } from './reviews';
import { createRunbookActivities, type OnCallActivityDeps } from './runbooks';
import { createSlackActivities, type SlackActivityDeps } from './slack';

export type ActivityDeps = KeyActivityDeps & SlackActivityDeps & AccessActivityDeps & ReviewActivityDeps & OnCallActivityDeps;

/** Every activity the worker registers, built over its dependencies (real ones in production, fakes in tests). */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createKeyActivities(deps),
    ...createSlackActivities(deps),
    ...createAccessActivities(deps),
    ...createReviewActivities(deps),
    ...createRunbookActivities(deps),
    ...createHealthActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
