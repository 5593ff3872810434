import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { assertedAction, reviewScheduleId, SYSTEM_ACTOR, type MembershipReviewInput, type ReviewSettings } from '../lib/contracts';
import type { ActorAssertions } from '../lib/crypto';
import type { Logger } from '../lib/log';

export interface ReviewScheduleOptions {
  client: Client;
  taskQueue: string;
  cron: string;
  timeZone: string;
  settings: ReviewSettings;
  actorAssertions: Pick<ActorAssertions, 'sign'>;
  logger: Logger;
}

/**
 * The quarterly membership review as a Temporal Schedule, ensured at every worker start: creating one
 * that exists changes nothing but its cron, time zone and settings (brought up to date with config).
 */
export async function ensureReviewSchedule(o: ReviewScheduleOptions): Promise<string> {
  const scheduleId = reviewScheduleId(o.taskQueue);
  const input: MembershipReviewInput = { settings: o.settings };
  const workflowId = `membership-review:${o.taskQueue}`;
  // Warden's own assertion for every run the schedule starts (Temporal names them `<workflowId>-<time>`).
  const assertion = await o.actorAssertions.sign({ actor: SYSTEM_ACTOR, action: assertedAction.start('membershipReview'), workflowId, args: input, scope: 'schedule' });
  const action = { type: 'startWorkflow' as const, workflowType: 'membershipReview', args: [{ ...input, assertion }], taskQueue: o.taskQueue, workflowId };
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
