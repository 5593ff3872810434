import { ActivityFailure, ApplicationFailure, ChildWorkflowFailure, log } from '@temporalio/workflow';

/** For messages that must not fail the governance action: a failure is logged with context, not lost. */
export async function bestEffort(what: string, run: Promise<unknown>): Promise<void> {
  try {
    await run;
  } catch (err) {
    log.warn(`Could not ${what}`, { error: describeFailure(err) });
  }
}

/** The innermost human message of a failure chain (activity and child failures wrap the coded cause). */
export function describeFailure(err: unknown): string {
  if ((err instanceof ActivityFailure || err instanceof ChildWorkflowFailure) && err.cause) return describeFailure(err.cause);
  if (err instanceof Error) return err.message;
  return String(err);
}

/** The stable error code at the bottom of a failure chain, or `unexpected`. */
export function failureType(err: unknown): string {
  if ((err instanceof ActivityFailure || err instanceof ChildWorkflowFailure) && err.cause) return failureType(err.cause);
  if (err instanceof ApplicationFailure && err.type) return err.type;
  return 'unexpected';
}
