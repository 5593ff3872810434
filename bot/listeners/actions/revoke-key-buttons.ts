import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { KEY_ENVIRONMENTS, PROVIDER_LABELS, PROVIDERS, workflowIds } from '../../../lib/contracts';
import type { revokeProviderKey } from '../../../workflows';
import type { BotDeps } from '../../deps';
import { isAdminOrAuditDenial, NOT_ADMIN_MESSAGE } from '../../middleware/require-admin';
import { failureReply } from '../failure-reply';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

const buttonValue = z.object({ keyId: z.string().min(1), provider: z.enum(PROVIDERS), environment: z.enum(KEY_ENVIRONMENTS) });

function parseValue(value: string | undefined) {
  try {
    return buttonValue.safeParse(JSON.parse(value ?? '')).data ?? null;
  } catch {
    return null;
  }
}

/** "Revoke now": starts the revoke workflow for the key that was shown, once per confirmation message. */
export function createConfirmRevoke(deps: BotDeps) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const userId = body.user.id;
    const shown = parseValue(action.value);
    if (!shown) {
      await respond({ response_type: 'ephemeral', replace_original: true, text: 'This button is out of date. Run `/warden keys revoke` again.' });
      return;
    }
    const confirmationTs = body.container?.message_ts ?? action.action_ts;
    const workflowId = workflowIds.revokeKey(shown.provider, shown.environment, confirmationTs);
    const context = { workflowId, userId };
    const label = `${PROVIDER_LABELS[shown.provider]} ${shown.environment}`;
    try {
      if (!(await isAdminOrAuditDenial(deps, { slackUserId: userId, action: 'key.revoke', target: `${shown.provider}/${shown.environment}`, requestId: workflowId }))) {
        await respond({ response_type: 'ephemeral', replace_original: true, text: NOT_ADMIN_MESSAGE });
        return;
      }
      const { started } = await deps.workflows.startOnce<typeof revokeProviderKey>('revokeProviderKey', {
        workflowId,
        actor: userId,
        input: { requestId: workflowId, ...shown, actorSlackId: userId, settings: deps.keySettings },
      });
      const text = started ? `:lock: Revoking the active ${label} key; progress is in the admin channel.` : `This revocation is already under way; progress is in the admin channel.`;
      await respond({ response_type: 'ephemeral', replace_original: true, text });
    } catch (err) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: failureReply(err, deps.logger, context) });
    }
  };
}

export function createCancelRevoke() {
  return async ({ ack, respond }: ButtonArgs): Promise<void> => {
    await ack();
    await respond({ response_type: 'ephemeral', replace_original: true, text: 'Cancelled: the key stays active.' });
  };
}
