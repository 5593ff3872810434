import { withActivityFailures } from '../activity-failure';
import type { ActivityDeps } from '../deps';
import { createListRotationDue, createPostRotateKeysForDepartedAdmin, createSendRotationReminder } from './rotation-reminders';
import { createProviderPacer } from './provider-pacer';
import { createCheckKeyBatch } from './sweep-batch';
import { createCheckKeyForSweep, createListKeysForSweep } from './legacy-sweep';
import { createAuthorizeHealthSweep, createClearKeyAlert, createRaiseKeyAlert, createReportFindings } from './sweep-checks';

const DEFAULT_SWEEP_CONCURRENCY = 8;

export function createHealthActivities(deps: ActivityDeps) {
  // One pacer per worker process: every sweep batch this worker runs shares the per-provider cap and pauses.
  const concurrency = deps.onCall.healthSweepConcurrency ?? DEFAULT_SWEEP_CONCURRENCY;
  const pacer = createProviderPacer({ concurrency });
  return withActivityFailures({
    authorizeHealthSweep: createAuthorizeHealthSweep(deps),
    checkKeyBatch: createCheckKeyBatch(deps, pacer, concurrency),
    raiseKeyAlert: createRaiseKeyAlert(deps),
    clearKeyAlert: createClearKeyAlert(deps),
    reportFindings: createReportFindings(deps),
    listKeysForSweep: createListKeysForSweep(deps),
    checkKeyForSweep: createCheckKeyForSweep(deps),
    listRotationDue: createListRotationDue(deps),
    sendRotationReminder: createSendRotationReminder(deps),
    postRotateKeysForDepartedAdmin: createPostRotateKeysForDepartedAdmin(deps),
  });
}

export type HealthActivities = ReturnType<typeof createHealthActivities>;
