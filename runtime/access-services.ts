import type { AccessWorkflowSettings, BreakGlassSettings, ReviewSettings } from '../lib/contracts';
import type { WardenConfig } from '../lib/config';
import { onCallSettingsFrom } from './oncall-services';
import { createMemberRegistry, createReviewRepository, createRoleGrantRepository, type Db } from '../lib/db';

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
    onCall: onCallSettingsFrom(config),
  };
  const breakGlassSettings: BreakGlassSettings = {
    channel: config.slack?.adminChannel ?? '',
    confirmWithinMs: config.access.breakGlassConfirmWithinMs,
  };
  const { review } = config.access;
  const reviewSettings: ReviewSettings = {
    complianceChannel: config.access.complianceChannel ?? config.slack?.adminChannel ?? '',
    deadlineMs: review.deadlineMs,
    graceMs: review.graceMs,
    reminderEveryMs: review.reminderEveryMs,
    inactiveAfterMs: review.inactiveAfterMs,
    missedPolicy: review.missedPolicy,
    escalationApprovers: config.access.escalationApprovers,
    batchSize: review.batchSize,
    temporalUiUrl: config.temporal.uiUrl,
    namespace: config.temporal.namespace,
    onCall: onCallSettingsFrom(config),
    access: accessSettings,
    breakGlassRecheckMs: config.access.breakGlassRecheckMs,
  };
  return {
    roleGrants: createRoleGrantRepository(prisma),
    memberRegistry: createMemberRegistry(prisma),
    reviews: createReviewRepository(prisma),
    accessSettings,
    breakGlassSettings,
    reviewSettings,
    reviewSchedule: { cron: review.cron, timeZone: review.timeZone },
  };
}
