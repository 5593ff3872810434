import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { isOrgAdmin } from '../../../lib/access/org-admin';
import { apiKeyWorkflowIds } from '../../../lib/contracts';
import type { createApiKey } from '../../../workflows';
import { API_KEY_MODAL_BLOCKS, apiKeyModal, apiKeyShownText, apiKeyWorkingModal } from '../../blocks/api-keys';
import type { BotDeps } from '../../deps';
import { parseApiKeyModal } from '../../inputs/api-key-modal-input';
import { auditSlackDenial } from '../../middleware/require-admin';
import { failureReply } from '../failure-reply';
import { NOT_ADMIN_FOR_API_KEYS } from '../commands/apikeys';

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

/**
 * The create modal's submit, acknowledged first (inline errors, or "Creating…"). Then the key is generated here,
 * only its prefix and keyed hash go to the workflow, and once the row exists the modal shows the key: the one
 * time it is ever shown, to the admin who made it and no one else.
 */
export function createSubmitApiKey(deps: BotDeps) {
  return async ({ ack, body, view, client }: ViewArgs): Promise<void> => {
    const userId = body.user.id;
    const teamId = body.team?.id ?? body.enterprise?.id ?? view.team_id;
    const form = parseApiKeyModal(view.state.values as never);
    if (!form.ok) {
      await ack({ response_action: 'errors', errors: form.errors });
      return;
    }
    const workflowId = apiKeyWorkflowIds.create(teamId, view.id);
    if (!(await isOrgAdmin(deps.roles, userId, deps.clock()))) {
      await ack({ response_action: 'errors', errors: { [API_KEY_MODAL_BLOCKS.name]: NOT_ADMIN_FOR_API_KEYS } });
      await auditSlackDenial(deps, { slackUserId: userId, action: 'apikey.created', target: 'apikeys', requestId: workflowId }, 'admin role not held').catch((err) =>
        deps.logger.error('Could not audit a refused API key submission', { workflowId, userId, err }),
      );
      return;
    }
    await ack({ response_action: 'update', view: apiKeyWorkingModal(':hourglass_flowing_sand: Creating the key…') as never });
    const { input } = form;
    deps.afterAck('create the API key', async () => {
      const context = { workflowId, userId, viewId: view.id };
      try {
        const fresh = deps.apiKeyHasher.generate();
        await deps.workflows.startOnce<typeof createApiKey>('createApiKey', {
          workflowId,
          actor: userId,
          input: {
            requestId: workflowId,
            actorSlackId: userId,
            name: input.name,
            scopes: input.scopes,
            expiresAt: input.expiresInDays ? new Date(deps.clock().getTime() + input.expiresInDays * 86_400_000).toISOString() : null,
            key: { prefix: fresh.prefix, keyHash: fresh.keyHash, hashVersion: fresh.hashVersion },
            overlapMs: deps.apiKeySettings.rotationOverlapMs,
          },
        });
        const created = await deps.workflows.result<typeof createApiKey>(workflowId);
        // Shown only if this request created it: a redelivered submit must not print a key that was never stored.
        const text = created.prefix === fresh.prefix ? apiKeyShownText({ apiKey: fresh.apiKey, prefix: created.prefix, name: created.name }) : `API key \`${created.prefix}…\` was already created by this form; it was shown then.`;
        await client.views.update({ view_id: view.id, view: apiKeyWorkingModal(text) as never });
      } catch (err) {
        await client.views
          .update({ view_id: view.id, view: apiKeyModal(failureReply(err, deps.logger, context)) as never })
          .catch((e: unknown) => deps.logger.error('Could not show the failed API key creation', { ...context, err: e }));
      }
    });
  };
}
