import type { OnCallSettings } from '../lib/contracts';
import type { WardenConfig } from '../lib/config';
import { createIncidentRepository, createKeyHealthRepository, type Db } from '../lib/db';
import type { GuardedFetch } from '../lib/net';
import { createChatProbe } from '../lib/providers';

/** The on-call parts of the services: incidents, health results, the test-chat probe and the on-call policy. */
export function onCallSettingsFrom(config: WardenConfig): OnCallSettings {
  const adminChannel = config.slack?.adminChannel ?? '';
  return {
    incidentChannel: config.onCall.incidentChannel ?? adminChannel,
    alertChannel: config.onCall.alertChannel ?? adminChannel,
    adminChannel,
    onCallUsers: config.onCall.users,
    leakGraceMs: config.onCall.leakGraceMs,
    reminderAfterMs: config.onCall.reminderAfterMs,
    breakGlassRecheckMs: config.access.breakGlassRecheckMs,
    temporalUiUrl: config.temporal.uiUrl,
    namespace: config.temporal.namespace,
    healthSweepBatchSize: config.onCall.healthSweepBatchSize,
  };
}

export function buildOnCallServices(config: WardenConfig, prisma: Db, personUrlFetch: GuardedFetch) {
  const onCallSettings = onCallSettingsFrom(config);
  return {
    incidents: createIncidentRepository(prisma),
    keyHealth: createKeyHealthRepository(prisma),
    chatProbe: createChatProbe({ endpoints: config.providers.endpoints, timeoutMs: config.providers.timeoutMs, personUrlFetch }),
    onCall: { users: config.onCall.users, keyMaxAgeMs: config.onCall.keyMaxAgeMs, keyMaxAgeBySlot: config.onCall.keyMaxAgeBySlot, healthSweepConcurrency: config.onCall.healthSweepConcurrency },
    onCallSettings,
  };
}
