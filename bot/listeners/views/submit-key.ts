import { createHash } from 'node:crypto';
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { isOrgAdmin } from '../../../lib/access/org-admin';
import { workflowIds } from '../../../lib/contracts';
import { maskKey } from '../../../lib/crypto';
import { keyModalStatus } from '../../../lib/slack/blocks/key-modal-status';
import type { addProviderKey } from '../../../workflows';
import { keyModal } from '../../blocks/key-modal';
import type { BotDeps } from '../../deps';
import { KEY_MODAL_BLOCKS, parseKeyModal, parseKeyModalMetadata, type KeyModalInput, type KeyModalMetadata } from '../../inputs/key-modal-input';
import { auditSlackDenial, NOT_ADMIN_MESSAGE } from '../../middleware/require-admin';
import { failureReply } from '../failure-reply';

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

/**
 * The key modal's submit, acknowledged first: the form is checked in process (errors inline) and the admin
 * role is read from the in-memory role view, then the ack turns the modal into "Checking the key…". Only
 * after that is the key sealed and the workflow started (id from the view, so a Slack retry starts it once);
 * the workflow updates the modal with the outcome. If the start fails, the form comes back with the reason
 * and everything but the key filled in.
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
    const action = `key.${meta.mode}`;
    if (!(await isOrgAdmin(deps.roles, userId, deps.clock()))) {
      await ack({ response_action: 'errors', errors: { [KEY_MODAL_BLOCKS.apiKey]: NOT_ADMIN_MESSAGE } });
      await auditSlackDenial(deps, { slackUserId: userId, action, target: `${input.provider}/${input.environment}`, requestId: workflowId }, 'admin role not held').catch((err) =>
        deps.logger.error('Could not audit a refused key submission', { ...context, err }),
      );
      return;
    }
    const status = { mode: meta.mode, provider: input.provider, environment: input.environment, maskedKey: maskKey(input.apiKey), runUrl: deps.workflows.runUrl(workflowId) };
    await ack({ response_action: 'update', view: keyModalStatus({ ...status, state: 'checking' }) as never });
    try {
      await startKeyWorkflow(deps, { workflowId, userId, viewId: view.id, meta, input });
    } catch (err) {
      // Nothing started: the form comes back with the reason, so the admin loses nothing but the key itself.
      const problem = failureReply(err, deps.logger, context);
      await client.views
        .update({ view_id: view.id, view: keyModal(meta, { baseUrl: input.baseUrl, ownerTeam: input.ownerTeam, note: input.note, problem }) as never })
        .catch((e: unknown) => deps.logger.error('Could not show the failed key submission', { ...context, err: e }));
    }
  };
}

/** Sealed before any workflow exists: only the reference travels through Temporal. */
async function startKeyWorkflow(deps: BotDeps, p: { workflowId: string; userId: string; viewId: string; meta: KeyModalMetadata; input: KeyModalInput }): Promise<void> {
  const { workflowId, input, meta } = p;
  const keyRef = `sec_${createHash('sha256').update(workflowId).digest('hex').slice(0, 32)}`;
  // A resubmission of this form (after a failed start) replaces what the earlier attempt sealed.
  await deps.sealedSecrets.putForRequest(keyRef, await deps.sealer.seal(input.apiKey, keyRef));
  await deps.workflows.startOnce<typeof addProviderKey>('addProviderKey', {
    workflowId,
    actor: p.userId,
    input: {
      mode: meta.mode,
      requestId: workflowId,
      provider: input.provider,
      environment: input.environment,
      baseUrl: input.baseUrl,
      keyRef,
      ownerTeam: input.ownerTeam,
      note: input.note,
      actorSlackId: p.userId,
      settings: deps.keySettings,
      modalViewId: p.viewId,
      ...(meta.incidentWorkflowId ? { incidentWorkflowId: meta.incidentWorkflowId } : {}),
    },
  });
}
