import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { reviewScheduleId, type MembershipReviewInput, type ReviewSettings } from '../lib/contracts';
import type { Logger } from '../lib/log';

export interface ReviewScheduleOptions {
  client: Client;
  taskQueue: string;
  cron: string;
  timeZone: string;
  settings: ReviewSettings;
  logger: Logger;
}

/**
 * The quarterly membership review as a Temporal Schedule, ensured at every worker start: creating one
 * that exists changes nothing but its cron, time zone and settings (brought up to date with config).
 */
export async function ensureReviewSchedule(o: ReviewScheduleOptions): Promise<string> {
  const scheduleId = reviewScheduleId(o.taskQueue);
  const input: MembershipReviewInput = { settings: o.settings };
  const action = { type: 'startWorkflow' as const, workflowType: 'membershipReview', args: [input], taskQueue: o.taskQueue, workflowId: `membership-review:${o.taskQueue}` };
  const spec = { cronExpressions: [o.cron], timezone: o.timeZone };
  // A review still open when the next is due is left alone: two reviews would fight over the same grants.
  const policies = { overlap: ScheduleOverlapPolicy.SKIP };
  try {
    await o.client.schedule.create({ scheduleId, spec, action, policies });
    o.logger.info('Created the membership review schedule', { scheduleId, cron: o.cron, timeZone: o.timeZone });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await o.client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action, policies }));
    o.logger.debug('Membership review schedule already exists; brought up to date', { scheduleId });
  }
  return scheduleId;
}
