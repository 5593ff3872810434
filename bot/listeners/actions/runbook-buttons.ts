import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { KEY_ENVIRONMENTS, PROVIDER_LABELS, PROVIDERS } from '../../../lib/contracts';
import { cancelIncidentSignal, retryVerificationSignal, revokedAtProviderSignal } from '../../../workflows/messages';
import { keyModal } from '../../blocks/key-modal';
import type { BotDeps } from '../../deps';
import { isAdminOrAuditDenial } from '../../middleware/require-admin';
import { failureReply } from '../failure-reply';
import { isResponderOrAuditDenial, NOT_RESPONDER_MESSAGE } from '../runbook-access';
import { startKeyLeakRunbook } from '../start-runbook';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

const incidentValue = z.object({ incidentId: z.string().regex(/^inc-[0-9a-f]{8}$/) });
const alertValue = z.object({ keyId: z.string().min(1), provider: z.enum(PROVIDERS), environment: z.enum(KEY_ENVIRONMENTS) });

function parse<T>(schema: z.ZodType<T>, value: string | undefined): T | null {
  try {
    return schema.safeParse(JSON.parse(value ?? '')).data ?? null;
  } catch {
    return null;
  }
}

const STALE = 'This button is out of date. The incident thread has the current step.';

/** Shared shape of the runbook's buttons: ack, check the incident and the person, then act; every outcome is told. */
function runbookButton(
  deps: BotDeps,
  action: string,
  act: (p: { args: ButtonArgs; incident: { id: string; workflowId: string; provider: (typeof PROVIDERS)[number]; environment: (typeof KEY_ENVIRONMENTS)[number] }; userId: string }) => Promise<string | null>,
  allowed: (args: ButtonArgs, check: { slackUserId: string; action: string; target: string; requestId: string }) => Promise<string | null> = async (_args, check) =>
    (await isResponderOrAuditDenial(deps, check)) ? null : NOT_RESPONDER_MESSAGE,
) {
  return async (args: ButtonArgs): Promise<void> => {
    const { ack, body, respond } = args;
    await ack();
    const userId = body.user.id;
    const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    const value = parse(incidentValue, args.action.value);
    const context = { action, userId, incidentId: value?.incidentId };
    try {
      const incident = value ? await deps.incidents.get(value.incidentId) : null;
      if (!incident) return void (await tell(STALE));
      if (incident.status !== 'open') return void (await tell(`Incident \`${incident.id}\` is already ${incident.status}.`));
      const refusal = await allowed(args, { slackUserId: userId, action, target: incident.id, requestId: `${incident.id}:${args.action.action_ts}` });
      if (refusal) return void (await tell(refusal));
      const reply = await act({ args, incident, userId });
      if (reply) await tell(reply);
    } catch (err) {
      await tell(failureReply(err, deps.logger, context)).catch((e) => deps.logger.error('Could not report a failure', { ...context, err: e }));
    }
  };
}

/** "Add replacement key": the normal add-key modal, prefilled, carrying the incident so the runbook hears of the new key. */
export function createReplaceButton(deps: BotDeps) {
  return runbookButton(
    deps,
    'incident.replace',
    async ({ args, incident }) => {
      const channelId = args.body.channel?.id ?? deps.onCallSettings.incidentChannel;
      const view = keyModal({ mode: 'add', channelId, provider: incident.provider, environment: incident.environment, incidentWorkflowId: incident.workflowId });
      await args.client.views.open({ trigger_id: args.body.trigger_id, view: view as never });
      return null;
    },
    // Adding a key is an admin action, as everywhere else; on-call people ask an admin to press it.
    async (_args, check) =>
      (await isAdminOrAuditDenial(deps, { ...check, action: 'key.add' }))
        ? null
        : ':no_entry: Only org admins can add the replacement key. Ask an admin to press "Add replacement key" in this thread.',
  );
}

export function createRetryVerifyButton(deps: BotDeps) {
  return runbookButton(deps, 'incident.retry_verify', async ({ incident, userId }) => {
    await deps.workflows.signal(incident.workflowId, retryVerificationSignal, userId, { actorSlackId: userId });
    return 'Sending another test chat with the new key; the result appears in the thread.';
  });
}

export function createRevokedDoneButton(deps: BotDeps) {
  return runbookButton(deps, 'incident.revoke_at_provider', async ({ incident, userId }) => {
    await deps.workflows.signal(incident.workflowId, revokedAtProviderSignal, userId, { actorSlackId: userId });
    return `Recorded: you confirmed the leaked ${PROVIDER_LABELS[incident.provider]} key is revoked at the provider.`;
  });
}

export function createCancelIncidentButton(deps: BotDeps) {
  return runbookButton(deps, 'incident.cancel', async ({ incident, userId }) => {
    await deps.workflows.signal(incident.workflowId, cancelIncidentSignal, userId, { actorSlackId: userId });
    return `Cancelling incident \`${incident.id}\`; the leaked key stays compromised.`;
  });
}

/** "Start key-leak runbook" on a health alert: one incident per alert message, however often it is clicked. */
export function createStartRunbookFromAlert(deps: BotDeps) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const userId = body.user.id;
    const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    const alert = parse(alertValue, action.value);
    if (!alert) return void (await tell('This button is out of date. Run `/warden incident key-leak <provider> <environment>`.'));
    const messageTs = body.container?.message_ts ?? action.action_ts;
    const requestKey = `alert:${alert.keyId}:${messageTs}`;
    const context = { userId, keyId: alert.keyId };
    try {
      const target = `${alert.provider}/${alert.environment}`;
      if (!(await isResponderOrAuditDenial(deps, { slackUserId: userId, action: 'incident.key_leak', target, requestId: `${requestKey}:${action.action_ts}` }))) {
        return void (await tell(NOT_RESPONDER_MESSAGE));
      }
      const started = await startKeyLeakRunbook(deps, { requestKey, ...alert, leakedKeyId: alert.keyId, actorSlackId: userId, source: 'health_alert' });
      await tell(
        started.started
          ? `:rotating_light: Incident \`${started.incidentId}\` opened; follow the thread in <#${deps.onCallSettings.incidentChannel}>.`
          : `Incident \`${started.incidentId}\` is already running for this alert.`,
      );
    } catch (err) {
      await tell(failureReply(err, deps.logger, context)).catch((e) => deps.logger.error('Could not report a failure', { ...context, err: e }));
    }
  };
}
