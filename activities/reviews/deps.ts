import type { createAuditLog } from '../../lib/db/repositories/audit-log';
import type { createMemberRepository } from '../../lib/db/repositories/members';
import type { createReviewRepository } from '../../lib/db/repositories/reviews';
import type { createRoleGrantRepository } from '../../lib/db/repositories/role-grants';
import type { Logger } from '../../lib/log';
import type { SlackPoster } from '../../lib/slack/slack-poster';

export interface ReviewActivityDeps {
  reviews: ReturnType<typeof createReviewRepository>;
  roleGrants: ReturnType<typeof createRoleGrantRepository>;
  members: ReturnType<typeof createMemberRepository>;
  audit: ReturnType<typeof createAuditLog>;
  slack: SlackPoster;
  clock: () => Date;
  logger: Logger;
}
