import { PROVIDER_LABELS, type RevokeProviderKeyInput } from '../../lib/contracts';
import { governance, slack } from '../activity-options';
import { bestEffort, describeFailure, ProgressThread } from './progress-thread';

const STEP = { revoke: 'Revoke active key' };

/** Revokes the active key of a provider and environment after an admin confirmed it with a button. */
export async function revokeProviderKey(input: RevokeProviderKeyInput): Promise<{ keyId: string; maskedKey: string }> {
  const label = `${PROVIDER_LABELS[input.provider]} ${input.environment}`;
  try {
    await governance.authorizeKeyAdmin({
      actorSlackId: input.actorSlackId,
      action: 'key.revoke',
      target: `${input.provider}/${input.environment}`,
      requestId: input.requestId,
    });
  } catch (err) {
    await bestEffort('tell the requester', slack.notifyUser({ user: input.actorSlackId, text: `:no_entry: ${describeFailure(err)}` }));
    throw err;
  }
  const thread = new ProgressThread(
    { operation: 'revoke', provider: input.provider, environment: input.environment, actorSlackId: input.actorSlackId },
    Object.values(STEP),
    input.settings,
  );
  try {
    thread.mark(STEP.revoke, 'running');
    const revoked = await governance.revokeActiveKey(input);
    thread.progress.maskedKey = revoked.maskedKey;
    thread.progress.fingerprint = revoked.fingerprint;
    thread.mark(STEP.revoke, 'done');
    const summary = `\`${revoked.maskedKey}\` is revoked; ${label} has no active key until one is added.`;
    thread.finish('succeeded', summary);
    await thread.publish();
    await bestEffort('tell the requester', slack.notifyUser({ user: input.actorSlackId, text: `:lock: ${summary}` }));
    return { keyId: revoked.keyId, maskedKey: revoked.maskedKey };
  } catch (err) {
    const reason = describeFailure(err);
    thread.mark(STEP.revoke, 'failed', reason);
    thread.finish('failed', `Nothing was revoked: ${reason}`);
    await thread.publish();
    await bestEffort('tell the requester', slack.notifyUser({ user: input.actorSlackId, text: `:x: Nothing was revoked: ${reason}` }));
    throw err;
  }
}
