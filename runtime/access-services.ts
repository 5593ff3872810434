import type { AccessWorkflowSettings, BreakGlassSettings } from '../lib/contracts';
import type { WardenConfig } from '../lib/config';
import { createMemberRegistry, createRoleGrantRepository, type Db } from '../lib/db';

/** Access governance's share of the services: its repositories and the settings its workflows receive. */
export function buildAccessServices(config: WardenConfig, prisma: Db) {
  const accessSettings: AccessWorkflowSettings = {
    approversChannel: config.access.approversChannel ?? config.slack?.adminChannel ?? '',
    reminderAfterMs: config.access.reminderAfterMs,
    escalateAfterMs: config.access.escalateAfterMs,
    expireAfterMs: config.access.expireAfterMs,
    roleApprovers: config.access.roleApprovers,
    requiredApprovals: config.access.requiredApprovals,
    escalationApprovers: config.access.escalationApprovers,
    temporalUiUrl: config.temporal.uiUrl,
    namespace: config.temporal.namespace,
  };
  const breakGlassSettings: BreakGlassSettings = {
    channel: config.slack?.adminChannel ?? '',
    confirmWithinMs: config.access.breakGlassConfirmWithinMs,
  };
  return { roleGrants: createRoleGrantRepository(prisma), memberRegistry: createMemberRegistry(prisma), accessSettings, breakGlassSettings };
}
