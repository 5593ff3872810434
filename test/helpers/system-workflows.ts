import { assertedAction, SYSTEM_ACTOR } from '../../lib/contracts';
import type { TestStack } from './warden-stack';

/**
 * Runs a workflow the way Warden starts its own (a schedule's run, a child workflow): with Warden's own
 * actor assertion, minted by the running stack's key.
 */
export async function executeAsWarden<T>(stack: TestStack, workflowType: string, workflowId: string, args: object): Promise<T> {
  const assertion = await stack.warden.services.actorAssertions.sign({ actor: SYSTEM_ACTOR, action: assertedAction.start(workflowType), workflowId, args });
  return stack.warden.client.workflow.execute(workflowType, { workflowId, taskQueue: stack.config.temporal.taskQueue, args: [{ ...args, assertion }] }) as Promise<T>;
}
