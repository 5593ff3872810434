import { auditStepKey } from '../audit/audit-step';
import type { ActivityDeps } from '../deps';

export function createMarkKeyFailed(d: Pick<ActivityDeps, 'keys' | 'audit'>) {
  return async function markKeyFailed(input: { keyId: string; reason: string; errorType: string; actorSlackId: string }): Promise<void> {
    const key = await d.keys.markFailed(input.keyId, input.reason);
    await d.audit.append({
      ...auditStepKey(),
      actor: input.actorSlackId,
      action: 'key.failed',
      target: key.id,
      outcome: 'failed',
      requestId: key.requestId,
      details: { provider: key.provider, environment: key.environment, fingerprint: key.fingerprint, errorType: input.errorType, reason: input.reason },
    });
  };
}
