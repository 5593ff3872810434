import { PROVIDER_LABELS, type RevokeProviderKeyInput, type Signed } from '../../lib/contracts';
import { startProof } from '../actor-proof';
import { governance, slack } from '../activity-options';
import { bestEffort, describeFailure } from '../workflow-helpers';
import { ProgressThread } from './progress-thread';

const STEP = { revoke: 'Revoke active key' };

/** Revokes the key an admin confirmed with a button, if it is still the active one of its slot. */
export async function revokeProviderKey(input: Signed<RevokeProviderKeyInput>): Promise<{ keyId: string; maskedKey: string }> {
  const label = `${PROVIDER_LABELS[input.provider]} ${input.environment}`;
  const tell = (text: string) => bestEffort('tell the requester', slack.notifyUser({ user: input.actorSlackId, text }));
  try {
    await governance.authorizeKeyAdmin({
      proof: startProof(input),
      actorSlackId: input.actorSlackId,
      action: 'key.revoke',
      target: `${input.provider}/${input.environment}`,
      requestId: input.requestId,
    });
  } catch (err) {
    await tell(`:no_entry: ${describeFailure(err)}`);
    throw err;
  }
  const thread = new ProgressThread(
    { operation: 'revoke', provider: input.provider, environment: input.environment, actorSlackId: input.actorSlackId },
    Object.values(STEP),
    input.settings,
  );
  try {
    thread.mark(STEP.revoke, 'running');
    const revoked = await governance.revokeActiveKey({ keyId: input.keyId, provider: input.provider, environment: input.environment, actorSlackId: input.actorSlackId, requestId: input.requestId });
    thread.progress.maskedKey = revoked.maskedKey;
    thread.progress.fingerprint = revoked.fingerprint;
    thread.mark(STEP.revoke, 'done');
    const summary = `\`${revoked.maskedKey}\` is revoked; ${label} has no active key until one is added.`;
    thread.finish('succeeded', summary);
    await thread.publish();
    await tell(`:lock: ${summary}`);
    return { keyId: revoked.keyId, maskedKey: revoked.maskedKey };
  } catch (err) {
    const reason = describeFailure(err);
    thread.mark(STEP.revoke, 'failed', reason);
    thread.finish('failed', `Nothing was revoked: ${reason}`);
    await thread.publish();
    await tell(`:x: Nothing was revoked: ${reason}`);
    throw err;
  }
}
