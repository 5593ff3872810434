import { withActivityFailures } from '../activity-failure';
import type { ActivityDeps } from '../deps';
import { createListRotationDue, createPostRotateKeysForDepartedAdmin, createSendRotationReminder } from './rotation-reminders';
import { createCheckKeyForSweep, createClearKeyAlert, createListKeysForSweep, createRaiseKeyAlert, createReportFindings } from './sweep-checks';

export function createHealthActivities(deps: ActivityDeps) {
  return withActivityFailures({
    listKeysForSweep: createListKeysForSweep(deps),
    checkKeyForSweep: createCheckKeyForSweep(deps),
    raiseKeyAlert: createRaiseKeyAlert(deps),
    clearKeyAlert: createClearKeyAlert(deps),
    reportFindings: createReportFindings(deps),
    listRotationDue: createListRotationDue(deps),
    sendRotationReminder: createSendRotationReminder(deps),
    postRotateKeysForDepartedAdmin: createPostRotateKeysForDepartedAdmin(deps),
  });
}

export type HealthActivities = ReturnType<typeof createHealthActivities>;
