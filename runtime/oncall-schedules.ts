import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { assertedAction, SYSTEM_ACTOR, workflowIds, type OnCallSettings } from '../lib/contracts';
import type { ActorAssertions } from '../lib/crypto';
import type { Logger } from '../lib/log';

export interface OnCallScheduleOptions {
  client: Client;
  taskQueue: string;
  settings: OnCallSettings;
  healthCheckIntervalMs: number;
  rotationCheckIntervalMs: number;
  actorAssertions: Pick<ActorAssertions, 'sign'>;
  logger: Logger;
}

/**
 * The hourly health sweep and the daily rotation sweep as Temporal Schedules. Run at every worker start:
 * creating a schedule that exists is a no-op apart from bringing its interval and settings up to date
 * with the current config.
 */
export async function ensureOnCallSchedules(o: OnCallScheduleOptions): Promise<void> {
  await ensure(o, workflowIds.healthSchedule(o.taskQueue), 'keyHealthSweep', o.healthCheckIntervalMs);
  await ensure(o, workflowIds.rotationSchedule(o.taskQueue), 'keyRotationSweep', o.rotationCheckIntervalMs);
}

async function ensure(o: OnCallScheduleOptions, scheduleId: string, workflowType: 'keyHealthSweep' | 'keyRotationSweep', everyMs: number) {
  const workflowId = scheduleId.replace('-schedule', '-sweep');
  const input = { settings: o.settings };
  // Warden's own assertion for every run the schedule starts (Temporal names them `<workflowId>-<time>`).
  const assertion = await o.actorAssertions.sign({ actor: SYSTEM_ACTOR, action: assertedAction.start(workflowType), workflowId, args: input, scope: 'schedule' });
  const action = { type: 'startWorkflow' as const, workflowType, args: [{ ...input, assertion }], taskQueue: o.taskQueue, workflowId };
  const spec = { intervals: [{ every: everyMs }] };
  // A sweep still running when the next is due is skipped: two sweeps would race on alert state.
  const policies = { overlap: ScheduleOverlapPolicy.SKIP };
  try {
    await o.client.schedule.create({ scheduleId, spec, action, policies });
    o.logger.info('Created schedule', { scheduleId, everyMs });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await o.client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action, policies }));
    o.logger.debug('Schedule already exists; brought up to date', { scheduleId, everyMs });
  }
}
