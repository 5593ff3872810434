import { workflowInfo } from '@temporalio/workflow';
import type { LegalHoldInput, LegalHoldResult, Signed } from '../../lib/contracts';
import { startProof } from '../actor-proof';
import { dsar } from '../activity-options';
import { describeFailure } from '../workflow-helpers';

/** `/warden dsar hold|release`: one proven, role-checked, audited change to a legal hold; answers what happened. */
export async function dsarLegalHold(input: Signed<LegalHoldInput>): Promise<LegalHoldResult> {
  try {
    return await dsar.applyLegalHold({
      proof: startProof(input),
      requestId: input.requestId ?? workflowInfo().workflowId,
      action: input.action,
      target: input.target,
      reason: input.reason,
      actorSlackId: input.actorSlackId,
      roles: input.settings.roles,
    });
  } catch (err) {
    return { ok: false, message: `:no_entry: ${describeFailure(err)}` };
  }
}
