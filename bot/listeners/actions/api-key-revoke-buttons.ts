import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { apiKeyWorkflowIds } from '../../../lib/contracts';
import type { revokeApiKey } from '../../../workflows';
import type { BotDeps } from '../../deps';
import { isAdminOrAuditDenial } from '../../middleware/require-admin';
import { NOT_ADMIN_FOR_API_KEYS } from '../commands/apikeys';
import { failureReply } from '../failure-reply';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

const buttonValue = z.object({ prefix: z.string().min(1).max(40) });

/** "Revoke now": one revocation per confirmation message; the answer says when it is done. */
export function createConfirmApiKeyRevoke(deps: BotDeps) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const userId = body.user.id;
    let shown: { prefix: string } | null = null;
    try {
      shown = buttonValue.safeParse(JSON.parse(action.value ?? '')).data ?? null;
    } catch {
      shown = null;
    }
    if (!shown) {
      await respond({ response_type: 'ephemeral', replace_original: true, text: 'This button is out of date. Run `/warden apikeys revoke` again.' });
      return;
    }
    const workflowId = apiKeyWorkflowIds.revoke(shown.prefix, body.container?.message_ts ?? action.action_ts);
    try {
      if (!(await isAdminOrAuditDenial(deps, { slackUserId: userId, action: 'apikey.revoked', target: shown.prefix, requestId: workflowId }))) {
        await respond({ response_type: 'ephemeral', replace_original: true, text: NOT_ADMIN_FOR_API_KEYS });
        return;
      }
      await deps.workflows.startOnce<typeof revokeApiKey>('revokeApiKey', { workflowId, actor: userId, input: { requestId: workflowId, actorSlackId: userId, prefix: shown.prefix } });
      const done = await deps.workflows.result<typeof revokeApiKey>(workflowId);
      await respond({ response_type: 'ephemeral', replace_original: true, text: `:lock: API key \`${shown.prefix}…\` (${done.name}) is revoked; services using it are refused from now on.` });
    } catch (err) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: failureReply(err, deps.logger, { workflowId, userId }) });
    }
  };
}

export function createCancelApiKeyRevoke() {
  return async ({ ack, respond }: ButtonArgs): Promise<void> => {
    await ack();
    await respond({ response_type: 'ephemeral', replace_original: true, text: 'Cancelled: the API key keeps working.' });
  };
}
