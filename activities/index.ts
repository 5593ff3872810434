import { createKeyActivities, type KeyActivityDeps } from './keys';
import { createSlackActivities, type SlackActivityDeps } from './slack';

export type ActivityDeps = KeyActivityDeps & SlackActivityDeps;

/** Every activity the worker registers, built over its dependencies (real ones in production, fakes in tests). */
export function createActivities(deps: ActivityDeps) {
  return { ...createKeyActivities(deps), ...createSlackActivities(deps) };
}

export type Activities = ReturnType<typeof createActivities>;
