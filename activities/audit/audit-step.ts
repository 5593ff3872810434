import { Context } from '@temporalio/activity';

/** The workflow this activity runs for (activities can also run standalone, hence the fallback). */
export function currentWorkflowId(): string {
  const info = Context.current().info;
  return info.workflowExecution?.workflowId ?? `activity:${info.activityId}`;
}

/**
 * Audit idempotency key for the activity running now. The activity id is stable across retries of
 * one scheduled activity, so a retried step writes its event once.
 */
export function auditStepKey(suffix = ''): { idempotencyKey: string; workflowId: string } {
  const info = Context.current().info;
  const workflowId = currentWorkflowId();
  const base = `${workflowId}:${info.activityId}:${info.activityType}`;
  return { workflowId, idempotencyKey: suffix ? `${base}:${suffix}` : base };
}
