import { PROVIDER_LABELS, type SetProviderPolicyInput, type Signed } from '../../lib/contracts';
import { startProof } from '../actor-proof';
import { governance, slack } from '../activity-options';
import { bestEffort, describeFailure } from '../workflow-helpers';

/** Marks a provider BYOK-only (no hosted fallback) or lifts that. */
export async function setProviderPolicy(input: Signed<SetProviderPolicyInput>): Promise<void> {
  const label = PROVIDER_LABELS[input.provider];
  const tell = (text: string) => bestEffort('tell the requester', slack.notifyUser({ user: input.actorSlackId, text }));
  try {
    await governance.authorizeKeyAdmin({ proof: startProof(input), actorSlackId: input.actorSlackId, action: 'provider.policy', target: input.provider, requestId: input.requestId });
    await governance.setProviderByokOnly({ provider: input.provider, byokOnly: input.byokOnly, actorSlackId: input.actorSlackId, requestId: input.requestId });
  } catch (err) {
    await tell(`:x: ${label} policy unchanged: ${describeFailure(err)}`);
    throw err;
  }
  await tell(
    input.byokOnly
      ? `:closed_lock_with_key: ${label} is now BYOK-only: without an active org key, key resolution fails instead of using a hosted key.`
      : `:unlock: ${label} may fall back to Warden's hosted key when no org key is active.`,
  );
}
