import type { createAuditLog } from '../../lib/db/repositories/audit-log';
import type { createBreakGlassRepository } from '../../lib/db/repositories/break-glass';
import type { createMemberRegistry } from '../../lib/db/repositories/member-registry';
import type { createMemberRepository } from '../../lib/db/repositories/members';
import type { createRoleGrantRepository } from '../../lib/db/repositories/role-grants';
import type { Logger } from '../../lib/log';
import type { SlackPoster } from '../../lib/slack/slack-poster';

export interface AccessActivityDeps {
  roleGrants: ReturnType<typeof createRoleGrantRepository>;
  memberRegistry: ReturnType<typeof createMemberRegistry>;
  members: ReturnType<typeof createMemberRepository>;
  audit: ReturnType<typeof createAuditLog>;
  breakGlass: ReturnType<typeof createBreakGlassRepository>;
  slack: SlackPoster;
  clock: () => Date;
  logger: Logger;
}
