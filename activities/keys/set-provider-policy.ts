import type { Provider } from '../../lib/contracts';
import { auditStepKey } from '../audit/audit-step';
import type { ActivityDeps } from '../deps';

export function createSetProviderByokOnly(d: Pick<ActivityDeps, 'policies' | 'audit'>) {
  return async function setProviderByokOnly(input: { provider: Provider; byokOnly: boolean; actorSlackId: string; requestId: string }): Promise<void> {
    await d.policies.setByokOnly(input.provider, input.byokOnly, input.actorSlackId);
    await d.audit.append({
      ...auditStepKey(),
      actor: input.actorSlackId,
      action: 'provider.policy.updated',
      target: input.provider,
      outcome: 'succeeded',
      requestId: input.requestId,
      details: { byokOnly: input.byokOnly },
    });
  };
}
