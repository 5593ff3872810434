import { createHash } from 'node:crypto';
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { PROVIDER_LABELS, workflowIds } from '../../../lib/contracts';
import { maskKey } from '../../../lib/crypto';
import type { addProviderKey } from '../../../workflows';
import type { BotDeps } from '../../deps';
import { KEY_MODAL_BLOCKS, parseKeyModal, parseKeyModalMetadata } from '../../inputs/key-modal-input';
import { isAdminOrAuditDenial, NOT_ADMIN_MESSAGE } from '../../middleware/require-admin';
import { failureReply } from '../failure-reply';

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

/**
 * The key modal's submit: validate (errors shown inline), seal the key, start the key workflow with
 * an id derived from the view so Slack retries and double clicks start it once, then close the modal.
 */
export function createSubmitKey(deps: BotDeps) {
  return async ({ ack, body, view, client }: ViewArgs): Promise<void> => {
    const userId = body.user.id;
    const teamId = body.team?.id ?? body.enterprise?.id ?? view.team_id;
    const meta = parseKeyModalMetadata(view.private_metadata);
    if (!meta) {
      await ack({ response_action: 'errors', errors: { [KEY_MODAL_BLOCKS.apiKey]: 'This form is out of date. Close it and run /warden keys add again.' } });
      return;
    }
    const form = parseKeyModal(view.state.values as never, deps.allowedPrivateHosts);
    if (!form.ok) {
      await ack({ response_action: 'errors', errors: form.errors });
      return;
    }
    const { input } = form;
    const workflowId = meta.mode === 'rotate' ? workflowIds.rotateKey(teamId, view.id) : workflowIds.addKey(teamId, view.id);
    const context = { workflowId, userId, viewId: view.id, provider: input.provider, environment: input.environment };
    try {
      const target = `${input.provider}/${input.environment}`;
      if (!(await isAdminOrAuditDenial(deps, { slackUserId: userId, action: `key.${meta.mode}`, target, requestId: workflowId }))) {
        await ack({ response_action: 'errors', errors: { [KEY_MODAL_BLOCKS.apiKey]: NOT_ADMIN_MESSAGE } });
        return;
      }
      // Sealed before any workflow exists: only the reference travels through Temporal.
      const keyRef = `sec_${createHash('sha256').update(workflowId).digest('hex').slice(0, 32)}`;
      // A resubmission of this form (after a failed start) replaces what the earlier attempt sealed.
      await deps.sealedSecrets.putForRequest(keyRef, await deps.sealer.seal(input.apiKey, keyRef));
      const { started, runUrl } = await deps.workflows.startOnce<typeof addProviderKey>('addProviderKey', {
        workflowId,
        actor: userId,
        input: {
          mode: meta.mode,
          requestId: workflowId,
          provider: input.provider,
          environment: input.environment,
          baseUrl: input.baseUrl,
          keyRef,
          ownerTeam: input.ownerTeam,
          note: input.note,
          actorSlackId: userId,
          settings: deps.keySettings,
          ...(meta.incidentWorkflowId ? { incidentWorkflowId: meta.incidentWorkflowId } : {}),
        },
      });
      await ack();
      if (!started) return;
      const text =
        `:key: Checking the ${PROVIDER_LABELS[input.provider]} ${input.environment} key \`${maskKey(input.apiKey)}\` with the provider. ` +
        `Progress is in the admin channel thread; <${runUrl}|workflow run>.`;
      await client.chat.postEphemeral({ channel: meta.channelId, user: userId, text }).catch((err) =>
        deps.logger.warn('Could not confirm the key submission to the user', { ...context, err }),
      );
    } catch (err) {
      // Nothing started: keep the modal open with the reason, so the admin loses no input.
      await ack({ response_action: 'errors', errors: { [KEY_MODAL_BLOCKS.apiKey]: failureReply(err, deps.logger, context).slice(0, 150) } });
    }
  };
}
