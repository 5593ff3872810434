import { workflowInfo } from '@temporalio/workflow';
import { assertedAction, type ActorProof, type Signed } from '../lib/contracts';

/**
 * What the verifying activity needs to check this workflow's start: the signed input as received, and the
 * server's start time (a worker that was down for a while does not make a fresh request look stale).
 */
export function startProof<T extends object>(input: Signed<T>): ActorProof<T> {
  const info = workflowInfo();
  return { signed: input, action: assertedAction.start(info.workflowType), receivedAt: info.startTime.toISOString() };
}

/** A signal or update as its handler received it; workflow time is the server's time of that task. */
export function messageProof<T extends object>(kind: 'signal' | 'update', name: string, signed: Signed<T>): ActorProof<T> {
  return { signed, action: kind === 'signal' ? assertedAction.signal(name) : assertedAction.update(name), receivedAt: new Date().toISOString() };
}
