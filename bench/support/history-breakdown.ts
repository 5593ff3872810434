import type { WorkflowHandle } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';

/** Where one run's time went, read from the server's own event timestamps. */
export interface RunBreakdown {
  activities: string[];
  /** Activity bodies: started → completed, summed. */
  activityMs: number;
  /** Workflow code on the worker: workflow task started → completed, summed. */
  workflowTaskMs: number;
  /** Waiting for a worker to pick a task up: scheduled → started, activity and workflow tasks, summed. */
  queueMs: number;
}

export async function runBreakdown(handle: WorkflowHandle): Promise<RunBreakdown> {
  const events = (await handle.fetchHistory()).events ?? [];
  const at = new Map<string, number>();
  const activities: string[] = [];
  let activityMs = 0;
  let workflowTaskMs = 0;
  let queueMs = 0;
  const since = (id: unknown, now: number) => now - (at.get(String(id)) ?? now);
  for (const e of events) {
    const now = eventTimeMs(e);
    at.set(String(e.eventId), now);
    const scheduled = e.activityTaskScheduledEventAttributes;
    if (scheduled?.activityType?.name) activities.push(scheduled.activityType.name);
    if (e.activityTaskStartedEventAttributes) queueMs += since(e.activityTaskStartedEventAttributes.scheduledEventId, now);
    if (e.activityTaskCompletedEventAttributes) activityMs += since(e.activityTaskCompletedEventAttributes.startedEventId, now);
    if (e.workflowTaskStartedEventAttributes) queueMs += since(e.workflowTaskStartedEventAttributes.scheduledEventId, now);
    if (e.workflowTaskCompletedEventAttributes) workflowTaskMs += since(e.workflowTaskCompletedEventAttributes.startedEventId, now);
  }
  return { activities, activityMs, workflowTaskMs, queueMs };
}

function eventTimeMs(e: temporal.api.history.v1.IHistoryEvent): number {
  const t = e.eventTime;
  return t ? Number(t.seconds ?? 0) * 1000 + (t.nanos ?? 0) / 1e6 : 0;
}
