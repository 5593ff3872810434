import type { LiftBreakGlassInput, Signed } from '../../lib/contracts';
import { startProof } from '../actor-proof';
import { accessGovernance as access, accessSlack, slack } from '../activity-options';
import { bestEffort, describeFailure } from '../workflow-helpers';

/** `/warden breakglass off <scope>`: one admin restores automation; the flag row stays as history. */
export async function liftBreakGlass(input: Signed<LiftBreakGlassInput>): Promise<{ lifted: number }> {
  try {
    const { lifted } = await access.liftBreakGlass({ proof: startProof(input), requestId: input.requestId, scope: input.scope, reason: input.reason, actorSlackId: input.actorSlackId });
    const text = lifted
      ? `:large_green_circle: Break-glass lifted for \`${input.scope}\` by <@${input.actorSlackId}>: automation in scope runs again.`
      : `Break-glass was not on for \`${input.scope}\`; nothing changed.`;
    await bestEffort('post in the admin channel', accessSlack.postChannelNotice({ channel: input.settings.channel, text }));
    return { lifted };
  } catch (err) {
    await bestEffort('tell the admin', slack.notifyUser({ user: input.actorSlackId, text: `:no_entry: Break-glass not lifted: ${describeFailure(err)}` }));
    throw err;
  }
}
