import { getExternalWorkflowHandle, log, ParentClosePolicy, startChild } from '@temporalio/workflow';
import { PROVIDER_LABELS, workflowIds, type AddProviderKeyInput, type AddProviderKeyResult } from '../../lib/contracts';
import { governance, oncall, providerChecks, slack } from '../activity-options';
import { replacementKeyActivatedSignal } from '../messages';
import { bestEffort, describeFailure, failureType, ProgressThread } from './progress-thread';
import { retireProviderKey } from './retire-provider-key';

const STEP = { store: 'Seal and store as pending', check: 'Health check (list models)', activate: 'Activate', retire: 'Retire previous key' };

/** Adds (or rotates in) a provider key: authorize, store pending, health-check, activate, retire the old key later. */
export async function addProviderKey(input: AddProviderKeyInput): Promise<AddProviderKeyResult> {
  const target = `${input.provider}/${input.environment}`;
  try {
    await governance.authorizeKeyAdmin({ actorSlackId: input.actorSlackId, action: `key.${input.mode}`, target, requestId: input.requestId });
  } catch (err) {
    await bestEffort('tell the requester', slack.notifyUser({ user: input.actorSlackId, text: `:no_entry: ${describeFailure(err)}` }));
    throw err;
  }

  const thread = new ProgressThread(
    { operation: input.mode, provider: input.provider, environment: input.environment, actorSlackId: input.actorSlackId },
    Object.values(STEP),
    input.settings,
  );
  let keyId: string | null = null;
  try {
    thread.mark(STEP.store, 'running');
    const pending = await governance.storePendingKey(input);
    keyId = pending.keyId;
    thread.progress.maskedKey = pending.maskedKey;
    thread.progress.fingerprint = pending.fingerprint;
    thread.mark(STEP.store, 'done', `\`${pending.maskedKey}\` (${pending.fingerprint})`);
    thread.mark(STEP.check, 'running');
    await thread.publish();

    const health = await providerChecks(input.settings).checkKeyHealth({ keyId });
    thread.mark(STEP.check, 'done', `${PROVIDER_LABELS[input.provider]} accepted the key (${health.latencyMs} ms)`);
    thread.mark(STEP.activate, 'running');
    await thread.publish();

    const activated = await governance.activateKey({ keyId, graceMs: input.settings.gracePeriodMs, actorSlackId: input.actorSlackId });
    thread.mark(STEP.activate, 'done');
    if (activated.replacedKeyId && activated.revokeAfter) {
      await startChild(retireProviderKey, {
        workflowId: workflowIds.retireKey(activated.replacedKeyId),
        args: [{ keyId: activated.replacedKeyId, revokeAfter: activated.revokeAfter, progress: thread.threadRef }],
        // The grace timer outlives this workflow: it belongs to the old key, not to the request.
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
      thread.mark(STEP.retire, 'running', `previous key stays usable until ${activated.revokeAfter}, then it is revoked`);
    } else {
      thread.mark(STEP.retire, 'skipped', 'no previous key');
    }
    const summary = `\`${pending.maskedKey}\` is now the active ${PROVIDER_LABELS[input.provider]} ${input.environment} key.`;
    thread.finish('succeeded', summary);
    await thread.publish();
    await bestEffort('tell the requester', slack.notifyUser({ user: input.actorSlackId, text: `:white_check_mark: ${summary}` }));
    const incidentWorkflowId = input.incidentWorkflowId ?? (await openIncidentFor(input));
    if (incidentWorkflowId) {
      // The key replaces a leaked one: the incident's runbook moves on to verification.
      const incident = getExternalWorkflowHandle(incidentWorkflowId);
      const replacement = { keyId, maskedKey: pending.maskedKey, fingerprint: pending.fingerprint, actorSlackId: input.actorSlackId };
      await bestEffort('tell the incident runbook', incident.signal(replacementKeyActivatedSignal, replacement));
    }
    return {
      keyId,
      maskedKey: pending.maskedKey,
      fingerprint: pending.fingerprint,
      replacedKeyId: activated.replacedKeyId,
      revokeAfter: activated.revokeAfter,
    };
  } catch (err) {
    const reason = describeFailure(err);
    if (keyId) await governance.markKeyFailed({ keyId, reason, errorType: failureType(err), actorSlackId: input.actorSlackId });
    const current = thread.progress.steps.find((s) => s.state === 'running');
    if (current) thread.mark(current.label, 'failed', reason);
    thread.finish('failed', `The key was not activated: ${reason}`);
    await thread.publish();
    await bestEffort(
      'tell the requester',
      slack.notifyUser({ user: input.actorSlackId, text: `:x: The ${PROVIDER_LABELS[input.provider]} ${input.environment} key was not activated: ${reason}` }),
    );
    throw err;
  }
}

/** An open leak incident for this slot, found even when the key came from plain `/warden keys add`. */
async function openIncidentFor(input: AddProviderKeyInput): Promise<string | null> {
  try {
    return await oncall.findOpenIncidentWorkflow({ provider: input.provider, environment: input.environment });
  } catch (err) {
    log.warn('Could not look for an open incident', { error: describeFailure(err) });
    return null;
  }
}
