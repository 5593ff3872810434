import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { workflowIds, type OnCallSettings } from '../lib/contracts';
import type { Logger } from '../lib/log';

export interface OnCallScheduleOptions {
  client: Client;
  taskQueue: string;
  settings: OnCallSettings;
  healthCheckIntervalMs: number;
  rotationCheckIntervalMs: number;
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
  const action = {
    type: 'startWorkflow' as const,
    workflowType,
    args: [{ settings: o.settings }],
    taskQueue: o.taskQueue,
    workflowId: scheduleId.replace('-schedule', '-sweep'),
  };
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
