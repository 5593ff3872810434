import { createHash } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/client';
import { workflowIds, type KeyEnvironment, type KeyLeakRunbookInput, type Provider, type RunbookSource } from '../../lib/contracts';
import type { keyLeakRunbook } from '../../workflows';
import type { BotDeps } from '../deps';

/** Incident ids derive from the Slack request, so a redelivered request or a double click opens one incident. */
export function incidentIdFor(requestKey: string): string {
  return `inc-${createHash('sha256').update(requestKey).digest('hex').slice(0, 8)}`;
}

/** Starts the key-leak runbook once per request; answers whether this call started it. */
export async function startKeyLeakRunbook(
  deps: Pick<BotDeps, 'temporal' | 'taskQueue' | 'onCallSettings' | 'logger'>,
  p: { requestKey: string; provider: Provider; environment: KeyEnvironment; leakedKeyId?: string; actorSlackId: string; source: RunbookSource },
): Promise<{ incidentId: string; workflowId: string; started: boolean }> {
  const incidentId = incidentIdFor(p.requestKey);
  const workflowId = workflowIds.keyLeakRunbook(incidentId);
  const input: KeyLeakRunbookInput = {
    incidentId,
    requestId: workflowId,
    provider: p.provider,
    environment: p.environment,
    ...(p.leakedKeyId ? { leakedKeyId: p.leakedKeyId } : {}),
    actorSlackId: p.actorSlackId,
    source: p.source,
    settings: deps.onCallSettings,
  };
  try {
    await deps.temporal.workflow.start<typeof keyLeakRunbook>('keyLeakRunbook', {
      workflowId,
      taskQueue: deps.taskQueue,
      args: [input],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
    return { incidentId, workflowId, started: true };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    deps.logger.info('Key-leak runbook already started for this request', { workflowId });
    return { incidentId, workflowId, started: false };
  }
}
