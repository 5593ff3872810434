import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { assertedAction, retentionScheduleId, retentionWorkflowId, SYSTEM_ACTOR, type RetentionRunInput } from '../lib/contracts';
import type { ActorAssertions } from '../lib/crypto';
import type { Logger } from '../lib/log';

export interface RetentionScheduleOptions {
  client: Client;
  taskQueue: string;
  everyMs: number;
  /** Where each run posts its counts ('' for nowhere). */
  channel: string;
  actorAssertions: Pick<ActorAssertions, 'sign'>;
  logger: Logger;
}

/**
 * Retention enforcement as a Temporal Schedule (daily by default), ensured at every worker start: creating
 * one that exists only brings its interval and channel up to date with config.
 */
export async function ensureRetentionSchedule(o: RetentionScheduleOptions): Promise<string> {
  const scheduleId = retentionScheduleId(o.taskQueue);
  const workflowId = retentionWorkflowId(o.taskQueue);
  const input: RetentionRunInput = { channel: o.channel };
  // Warden's own assertion for every run the schedule starts (Temporal names them `<workflowId>-<time>`).
  const assertion = await o.actorAssertions.sign({ actor: SYSTEM_ACTOR, action: assertedAction.start('retentionEnforcement'), workflowId, args: input, scope: 'schedule' });
  const action = { type: 'startWorkflow' as const, workflowType: 'retentionEnforcement', args: [{ ...input, assertion }], taskQueue: o.taskQueue, workflowId };
  const spec = { intervals: [{ every: o.everyMs }] };
  // A run still purging when the next is due is left to finish: two would race over the same rows.
  const policies = { overlap: ScheduleOverlapPolicy.SKIP };
  try {
    await o.client.schedule.create({ scheduleId, spec, action, policies });
    o.logger.info('Created the retention schedule', { scheduleId, everyMs: o.everyMs });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await o.client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action, policies }));
    o.logger.debug('Retention schedule already exists; brought up to date', { scheduleId });
  }
  return scheduleId;
}
