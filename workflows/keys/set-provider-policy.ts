import { PROVIDER_LABELS, type SetProviderPolicyInput } from '../../lib/contracts';
import { governance, slack } from '../activity-options';
import { bestEffort, describeFailure } from './progress-thread';

/** Marks a provider BYOK-only (no hosted fallback) or lifts that. */
export async function setProviderPolicy(input: SetProviderPolicyInput): Promise<void> {
  const label = PROVIDER_LABELS[input.provider];
  try {
    await governance.authorizeKeyAdmin({ actorSlackId: input.actorSlackId, action: 'provider.policy', target: input.provider, requestId: input.requestId });
    await governance.setProviderByokOnly(input);
  } catch (err) {
    await bestEffort('tell the requester', slack.notifyUser({ user: input.actorSlackId, text: `:x: ${label} policy unchanged: ${describeFailure(err)}` }));
    throw err;
  }
  const text = input.byokOnly
    ? `:closed_lock_with_key: ${label} is now BYOK-only: without an active org key, key resolution fails instead of using a hosted key.`
    : `:unlock: ${label} may fall back to Warden's hosted key when no org key is active.`;
  await bestEffort('tell the requester', slack.notifyUser({ user: input.actorSlackId, text }));
}
