import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { isOrgAdmin } from '../../../lib/access/org-admin';
import { ERROR_CODES, isWardenError } from '../../../lib/errors';
import { confirmBreakGlassUpdate } from '../../../workflows/messages';
import type { BotDeps } from '../../deps';
import { failureReply } from '../failure-reply';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
const buttonValue = z.object({ workflowId: z.string().startsWith('breakglass-on:'), flagId: z.uuid() });

function parseValue(raw: string | undefined) {
  try {
    return buttonValue.safeParse(JSON.parse(raw ?? '')).data ?? null;
  } catch {
    return null;
  }
}

/** "Confirm break-glass" in the thread: a second admin's click switches it on (the workflow checks again). */
export function createConfirmBreakGlass(deps: BotDeps) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const userId = body.user.id;
    const say = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    const ref = parseValue(action.value);
    const context = { userId, workflowId: ref?.workflowId };
    try {
      if (!ref) return void (await say('This button is out of date.'));
      const flag = await deps.breakGlass.get(ref.flagId);
      if (!flag || flag.status !== 'pending') return void (await say(`This break-glass request is already ${flag?.status ?? 'gone'}.`));
      let refusal: string | null = null;
      if (userId === flag.requestedBySlackId) refusal = 'Break-glass needs a second admin: you asked for it, so someone else must confirm.';
      else if (!(await isOrgAdmin(deps.roles, userId, deps.clock()))) refusal = 'Only org admins can confirm break-glass.';
      if (refusal) {
        await deps.audit.append({
          idempotencyKey: `slack:${ref.flagId}:${action.action_ts}:breakglass.confirm:denied`,
          actor: userId,
          action: 'breakglass.confirm',
          target: flag.scope,
          outcome: 'denied',
          details: { flagId: flag.id, reason: refusal, via: 'slack' },
        });
        return void (await say(`:no_entry: ${refusal}`));
      }
      const result = await deps.workflows.update(ref.workflowId, confirmBreakGlassUpdate, userId, { confirmerSlackId: userId }).catch((err: unknown) => {
        if (isWardenError(err) && err.code === ERROR_CODES.workflowClosed) return { accepted: false, message: 'This break-glass request has closed.' };
        throw err;
      });
      await say(result.accepted ? `:red_circle: ${result.message}` : `:no_entry: ${result.message}`);
    } catch (err) {
      await say(failureReply(err, deps.logger, context)).catch((e) => deps.logger.error('Could not report a failure', { ...context, err: e }));
    }
  };
}
