import type { KeyEnvironment, Provider } from '../../lib/contracts';
import type { ActivityDeps } from '../deps';

/**
 * The open leak incident a new key for this provider and environment answers, if any: a key added
 * with plain `/warden keys add` during an incident counts as its replacement, like one added from the
 * runbook's own button.
 */
export function createFindOpenIncidentWorkflow(d: Pick<ActivityDeps, 'incidents'>) {
  return async function findOpenIncidentWorkflow(input: { provider: Provider; environment: KeyEnvironment }): Promise<string | null> {
    const open = await d.incidents.listOpen();
    return open.find((i) => i.provider === input.provider && i.environment === input.environment)?.workflowId ?? null;
  };
}
