import { sleep } from '@temporalio/workflow';
import type { RetireProviderKeyInput } from '../../lib/contracts';
import { governance, slack } from '../activity-options';
import { bestEffort } from './progress-thread';

/**
 * Keeps a replaced key usable for the grace period so running traffic never loses a working key,
 * then revokes it. The durable timer survives worker and server restarts.
 */
export async function retireProviderKey(input: RetireProviderKeyInput): Promise<void> {
  const waitMs = Date.parse(input.revokeAfter) - Date.now();
  if (waitMs > 0) await sleep(waitMs);
  const revoked = await governance.revokeRetiringKey({ keyId: input.keyId });
  if (input.progress) {
    const text = `:lock: Grace period over: the previous key \`${revoked.maskedKey}\` (${revoked.fingerprint}) is revoked.`;
    await bestEffort('note the revocation in the key thread', slack.postThreadNote({ thread: input.progress, text }));
  }
}
