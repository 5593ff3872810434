import { withActivityFailures } from '../activity-failure';
import type { ActivityDeps } from '../deps';
import { createDownloadLinkActivity } from './download-link';
import type { DsarServices } from './dsar-services';
import { createEraseActivities } from './erase';
import { createExportPackageActivity } from './export-package';
import { createLegalHoldActivity } from './legal-hold';
import { createDsarRequestActivities } from './requests';
import { createDsarSlackActivities } from './slack-messages';

export type { DsarServices } from './dsar-services';
export type { DsarSummary } from './requests';
export type { PackageSummary } from './export-package';
export { packageIdFor } from './export-package';

/** Data-subject requests: the request row and its approvals, the export package and its link, erasure, holds. */
export function createDsarActivities(deps: ActivityDeps & { dsar: DsarServices }) {
  return withActivityFailures({
    ...createDsarRequestActivities(deps),
    ...createExportPackageActivity(deps),
    ...createDownloadLinkActivity(deps),
    ...createEraseActivities(deps),
    ...createLegalHoldActivity(deps),
    ...createDsarSlackActivities(deps),
  });
}

export type DsarActivities = ReturnType<typeof createDsarActivities>;
