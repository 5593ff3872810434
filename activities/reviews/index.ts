import { withActivityFailures } from '../activity-failure';
import { createRecordReviewDecision } from './decide';
import type { ActivityDeps } from '../deps';
import { createCloseReview } from './evidence';
import { createReviewNotifyActivities } from './notify';
import { createReviewRoleRequestActivities } from './role-requests';
import { createSettleReviewItems } from './settle';
import { createSnapshotActivities } from './snapshot';

export type { GrantToSignal } from './settle';

export function createReviewActivities(deps: ActivityDeps) {
  return withActivityFailures({
    ...createSnapshotActivities(deps),
    ...createReviewNotifyActivities(deps),
    ...createReviewRoleRequestActivities(deps),
    recordReviewDecision: createRecordReviewDecision(deps),
    settleReviewItems: createSettleReviewItems(deps),
    closeReview: createCloseReview(deps),
  });
}

export type ReviewActivities = ReturnType<typeof createReviewActivities>;
