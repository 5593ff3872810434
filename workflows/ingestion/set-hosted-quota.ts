import type { SetHostedQuotaInput, Signed } from '../../lib/contracts';
import { startProof } from '../actor-proof';
import { ingestion, slack } from '../activity-options';
import { bestEffort, describeFailure } from '../workflow-helpers';

/** An admin sets the org's monthly hosted limit for a feature (audited), and is told the old and new value. */
export async function setHostedQuota(input: Signed<SetHostedQuotaInput>): Promise<{ previous: number; text: string }> {
  try {
    return await ingestion.setHostedQuotaLimit({
      proof: startProof(input),
      requestId: input.requestId,
      actorSlackId: input.actorSlackId,
      orgId: input.orgId,
      feature: input.feature,
      monthlyLimit: input.monthlyLimit,
    });
  } catch (err) {
    await bestEffort('tell the requester', slack.notifyUser({ user: input.actorSlackId, text: `:no_entry: ${describeFailure(err)}` }));
    throw err;
  }
}
