import { BREAK_GLASS_CONFIRM_ACTION, escapeMrkdwn, type BreakGlassButtonValue, type BreakGlassRequestView } from '../../contracts';

/** The parent message in the admin channel: who wants to stop what, and why. */
export function breakGlassParent(v: BreakGlassRequestView): { text: string; blocks: unknown[] } {
  const text = `:rotating_light: Break-glass requested for \`${v.scope}\` by <@${v.requestedBySlackId}>: ${escapeMrkdwn(v.reason)}`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

/** The thread reply where a second admin confirms; re-rendered in place when it is confirmed or lapses. */
export function breakGlassConfirmMessage(v: BreakGlassRequestView): { text: string; blocks: unknown[] } {
  const at = v.at ? ` at ${v.at.slice(0, 16).replace('T', ' ')} UTC` : '';
  const text =
    v.state === 'active'
      ? `:red_circle: Break-glass is ON for \`${v.scope}\`, confirmed by <@${v.confirmedBySlackId}>${at}. Lift it with \`/warden breakglass off ${v.scope}\`.`
      : v.state === 'cancelled'
        ? `:heavy_minus_sign: Not switched on: no second admin confirmed in time.`
        : `:hourglass_flowing_sand: A second admin must confirm before automation in \`${v.scope}\` stops. Nothing is deleted; \`off\` restores it.`;
  const blocks: unknown[] = [{ type: 'section', text: { type: 'mrkdwn', text } }];
  if (v.state === 'pending') {
    const value = JSON.stringify({ workflowId: v.workflowId, flagId: v.flagId } satisfies BreakGlassButtonValue);
    blocks.push({
      type: 'actions',
      block_id: 'warden_breakglass',
      elements: [{ type: 'button', action_id: BREAK_GLASS_CONFIRM_ACTION, style: 'danger', text: { type: 'plain_text', text: 'Confirm break-glass' }, value }],
    });
  }
  return { text, blocks };
}
