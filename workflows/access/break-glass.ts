import { allHandlersFinished, condition, setHandler, workflowInfo } from '@temporalio/workflow';
import { BREAK_GLASS_MESSAGES, type BreakGlassInput, type BreakGlassRequestView, type Signed } from '../../lib/contracts';
import { messageProof, startProof } from '../actor-proof';
import { accessGovernance as access, accessSlack, slack } from '../activity-options';
import { bestEffort, describeFailure } from '../workflow-helpers';
import { confirmBreakGlassUpdate } from '../messages';

/**
 * `/warden breakglass on`: an admin asks, a second admin confirms in the thread, then the flag is on and
 * every automation in scope refuses to act. Unconfirmed requests lapse; nothing is ever deleted.
 */
export async function breakGlass(input: Signed<BreakGlassInput>): Promise<{ state: BreakGlassRequestView['state'] }> {
  let flagId: string;
  // Registered before anything is awaited: Temporal rejects an update that finds no handler.
  let posted = false;
  let confirmer: string | null = null;
  setHandler(confirmBreakGlassUpdate, async (click) => {
    await condition(() => posted);
    const { confirmerSlackId } = click;
    if (view.state !== 'pending' || confirmer) return { accepted: false, message: `This break-glass request is already ${view.state === 'pending' ? 'confirmed' : view.state}.` };
    let check: { allowed: boolean; reason?: string };
    try {
      check = await access.authorizeBreakGlassConfirm({ flagId, confirmerSlackId, proof: messageProof('update', BREAK_GLASS_MESSAGES.confirm, click) });
    } catch (err) {
      return { accepted: false, message: describeFailure(err) };
    }
    if (!check.allowed) return { accepted: false, message: check.reason ?? 'This click does not count.' };
    if (view.state !== 'pending' || confirmer) return { accepted: false, message: 'Someone else confirmed meanwhile.' };
    confirmer = confirmerSlackId;
    return { accepted: true, message: `You confirmed: break-glass is on for ${input.scope}.` };
  });

  try {
    ({ flagId } = await access.openBreakGlass({ proof: startProof(input), requestId: input.requestId, scope: input.scope, reason: input.reason, actorSlackId: input.actorSlackId }));
  } catch (err) {
    await bestEffort('tell the admin', slack.notifyUser({ user: input.actorSlackId, text: `:no_entry: Break-glass not requested: ${describeFailure(err)}` }));
    throw err;
  }
  const view: BreakGlassRequestView = {
    workflowId: workflowInfo().workflowId,
    flagId,
    scope: input.scope,
    reason: input.reason,
    requestedBySlackId: input.actorSlackId,
    state: 'pending',
  };
  const { confirm } = await accessSlack.postBreakGlassRequest({ channel: input.settings.channel, view });
  posted = true;

  if (!(await condition(() => confirmer !== null, input.settings.confirmWithinMs))) {
    await access.cancelBreakGlass({ flagId });
    view.state = 'cancelled';
    await bestEffort('update the confirmation', accessSlack.updateBreakGlassRequest({ message: confirm, view }));
    await bestEffort('tell the admin', slack.notifyUser({ user: input.actorSlackId, text: `Break-glass for \`${input.scope}\` lapsed: no second admin confirmed.` }));
  } else {
    const activated = await access.activateBreakGlass({ flagId, confirmerSlackId: confirmer! });
    Object.assign(view, { state: 'active', confirmedBySlackId: confirmer!, at: activated.at });
    await bestEffort('update the confirmation', accessSlack.updateBreakGlassRequest({ message: confirm, view }));
    await bestEffort('tell the admin', slack.notifyUser({ user: input.actorSlackId, text: `:red_circle: Break-glass is ON for \`${input.scope}\` (confirmed by <@${confirmer!}>).` }));
  }
  await condition(allHandlersFinished);
  return { state: view.state };
}
