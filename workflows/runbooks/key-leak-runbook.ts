import type { KeyLeakRunbookInput, RunbookState, Signed } from '../../lib/contracts';
import {
  allClearStep,
  applyNextMessage,
  askForReplacementAndRevocation,
  cancelStep,
  containStep,
  impactStep,
  openRunbook,
  verifyStep,
  waitForPeople,
} from './runbook-steps';

/**
 * The key-leak runbook: contain → impact → replace → verify → revoke at the provider → all-clear.
 * People act through buttons (signals), each proven before it counts; the all-clear needs a verified
 * replacement and a confirmed revocation. Durable: a restart resumes at the same step. Cancellable at
 * any point.
 */
export async function keyLeakRunbook(input: Signed<KeyLeakRunbookInput>): Promise<RunbookState> {
  const run = await openRunbook(input);
  await containStep(run);
  if (!run.progress.cancelledBy) {
    await impactStep(run);
    await askForReplacementAndRevocation(run);
    while (!run.progress.cancelledBy && !(run.progress.verified && run.progress.revokedBy)) {
      if (run.inbox.length > 0) await applyNextMessage(run);
      else if (run.progress.verifyWanted) await verifyStep(run);
      else await waitForPeople(run);
    }
  }
  return run.progress.cancelledBy ? cancelStep(run, run.progress.cancelledBy) : allClearStep(run);
}
