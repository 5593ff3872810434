import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/client';
import { z } from 'zod';
import { KEY_ENVIRONMENTS, PROVIDER_LABELS, PROVIDERS, workflowIds, type RevokeProviderKeyInput } from '../../../lib/contracts';
import type { revokeProviderKey } from '../../../workflows';
import type { BotDeps } from '../../deps';
import { isAdminOrAuditDenial, NOT_ADMIN_MESSAGE } from '../../middleware/require-admin';
import { failureReply } from '../failure-reply';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

const buttonValue = z.object({ provider: z.enum(PROVIDERS), environment: z.enum(KEY_ENVIRONMENTS) });

function parseValue(value: string | undefined) {
  try {
    return buttonValue.safeParse(JSON.parse(value ?? '')).data ?? null;
  } catch {
    return null;
  }
}

/** "Revoke now": starts the revoke workflow once per confirmation message, however often it is clicked. */
export function createConfirmRevoke(deps: BotDeps) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const userId = body.user.id;
    const slot = parseValue(action.value);
    if (!slot) {
      await respond({ response_type: 'ephemeral', replace_original: true, text: 'This button is out of date. Run `/warden keys revoke` again.' });
      return;
    }
    const confirmationTs = body.container?.message_ts ?? action.action_ts;
    const workflowId = workflowIds.revokeKey(slot.provider, slot.environment, confirmationTs);
    const context = { workflowId, userId };
    const label = `${PROVIDER_LABELS[slot.provider]} ${slot.environment}`;
    try {
      if (!(await isAdminOrAuditDenial(deps, { slackUserId: userId, action: 'key.revoke', target: `${slot.provider}/${slot.environment}`, requestId: workflowId }))) {
        await respond({ response_type: 'ephemeral', replace_original: true, text: NOT_ADMIN_MESSAGE });
        return;
      }
      const input: RevokeProviderKeyInput = { requestId: workflowId, ...slot, actorSlackId: userId, settings: deps.keySettings };
      await deps.temporal.workflow
        .start<typeof revokeProviderKey>('revokeProviderKey', {
          workflowId,
          taskQueue: deps.taskQueue,
          args: [input],
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        })
        .catch((err) => {
          if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        });
      await respond({ response_type: 'ephemeral', replace_original: true, text: `:lock: Revoking the active ${label} key; progress is in the admin channel.` });
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
