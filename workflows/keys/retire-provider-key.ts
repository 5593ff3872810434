import { sleep } from '@temporalio/workflow';
import type { RetireProviderKeyInput, Signed } from '../../lib/contracts';
import { startProof } from '../actor-proof';
import { governance, slack } from '../activity-options';
import { bestEffort } from '../workflow-helpers';

/**
 * Keeps a replaced key usable for the grace period so running traffic never loses a working key,
 * then revokes it. The durable timer survives worker and server restarts. Started by addProviderKey
 * with Warden's own assertion, which the revoking activity checks.
 */
export async function retireProviderKey(input: Signed<RetireProviderKeyInput>): Promise<void> {
  const proof = startProof(input);
  const waitMs = Date.parse(input.revokeAfter) - Date.now();
  if (waitMs > 0) await sleep(waitMs);
  const revoked = await governance.revokeRetiringKey({ keyId: input.keyId, proof });
  if (input.progress) {
    const text = `:lock: Grace period over: the previous key \`${revoked.maskedKey}\` (${revoked.fingerprint}) is revoked.`;
    await bestEffort('note the revocation in the key thread', slack.postThreadNote({ thread: input.progress, text }));
  }
}
