import { createHash } from 'node:crypto';
import { workflowIds, type KeyEnvironment, type Provider, type RunbookSource } from '../../lib/contracts';
import type { keyLeakRunbook } from '../../workflows';
import type { BotDeps } from '../deps';

/** Incident ids derive from the Slack request, so a redelivered request or a double click opens one incident. */
export function incidentIdFor(requestKey: string): string {
  return `inc-${createHash('sha256').update(requestKey).digest('hex').slice(0, 8)}`;
}

/** Starts the key-leak runbook once per request; answers whether this call started it. */
export async function startKeyLeakRunbook(
  deps: Pick<BotDeps, 'workflows' | 'onCallSettings'>,
  p: { requestKey: string; provider: Provider; environment: KeyEnvironment; leakedKeyId?: string; actorSlackId: string; source: RunbookSource },
): Promise<{ incidentId: string; workflowId: string; started: boolean }> {
  const incidentId = incidentIdFor(p.requestKey);
  const workflowId = workflowIds.keyLeakRunbook(incidentId);
  const { started } = await deps.workflows.startOnce<typeof keyLeakRunbook>('keyLeakRunbook', {
    workflowId,
    actor: p.actorSlackId,
    input: {
      incidentId,
      requestId: workflowId,
      provider: p.provider,
      environment: p.environment,
      ...(p.leakedKeyId ? { leakedKeyId: p.leakedKeyId } : {}),
      actorSlackId: p.actorSlackId,
      source: p.source,
      settings: deps.onCallSettings,
    },
  });
  return { incidentId, workflowId, started };
}
