import { getExternalWorkflowHandle, log, ParentClosePolicy, startChild, workflowInfo } from '@temporalio/workflow';
import {
  assertedAction,
  PROVIDER_LABELS,
  RUNBOOK_SIGNALS,
  SYSTEM_ACTOR,
  temporalRunUrl,
  workflowIds,
  type AddProviderKeyInput,
  type AddProviderKeyResult,
  type ReplacementKey,
  type RetireProviderKeyInput,
  type Signed,
} from '../../lib/contracts';
import { startProof } from '../actor-proof';
import { governance, oncall, providerChecks, slack, trust } from '../activity-options';
import { replacementKeyActivatedSignal } from '../messages';
import { bestEffort, describeFailure, failureType } from '../workflow-helpers';
import { ProgressThread } from './progress-thread';
import { retireProviderKey } from './retire-provider-key';

const STEP = { store: 'Seal and store as pending', check: 'Health check (list models)', activate: 'Activate', retire: 'Retire previous key' };

/** Adds (or rotates in) a provider key: authorize, store pending, health-check, activate, retire the old key later. */
export async function addProviderKey(input: Signed<AddProviderKeyInput>): Promise<AddProviderKeyResult> {
  const target = `${input.provider}/${input.environment}`;
  const tell = (text: string) => bestEffort('tell the requester', slack.notifyUser({ user: input.actorSlackId, text }));
  const showInModal = (status: { state: 'active' | 'failed'; maskedKey?: string; detail?: string }) =>
    input.modalViewId
      ? bestEffort('update the key modal', slack.updateKeyModal({ viewId: input.modalViewId, status: { mode: input.mode, provider: input.provider, environment: input.environment, runUrl: runUrlOf(input), ...status } }))
      : Promise.resolve();
  try {
    await governance.authorizeKeyAdmin({ proof: startProof(input), actorSlackId: input.actorSlackId, action: `key.${input.mode}`, target, requestId: input.requestId });
  } catch (err) {
    await showInModal({ state: 'failed', detail: describeFailure(err) });
    await tell(`:no_entry: ${describeFailure(err)}`);
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
      await retireLater({ keyId: activated.replacedKeyId, provider: input.provider, environment: input.environment, revokeAfter: activated.revokeAfter, progress: thread.threadRef });
      thread.mark(STEP.retire, 'running', `previous key stays usable until ${activated.revokeAfter}, then it is revoked`);
    } else {
      thread.mark(STEP.retire, 'skipped', 'no previous key');
    }
    // A result recorded before activation answered with its status has none: that key was activated just now.
    const stillActive = activated.status === undefined || activated.status === 'active';
    const summary = stillActive
      ? `\`${pending.maskedKey}\` is now the active ${PROVIDER_LABELS[input.provider]} ${input.environment} key.`
      : // Only a retried step sees this: its first attempt activated the key, and a later change got there first.
        `\`${pending.maskedKey}\` was activated as the ${PROVIDER_LABELS[input.provider]} ${input.environment} key; a later change has since made it ${activated.status}.`;
    thread.finish('succeeded', summary);
    await thread.publish();
    await showInModal({ state: 'active', maskedKey: pending.maskedKey, detail: `Health check: ${PROVIDER_LABELS[input.provider]} accepted it in ${health.latencyMs} ms.` });
    await tell(`:white_check_mark: ${summary}`);
    await tellIncident(input, { keyId, maskedKey: pending.maskedKey, fingerprint: pending.fingerprint, actorSlackId: input.actorSlackId });
    return { keyId, maskedKey: pending.maskedKey, fingerprint: pending.fingerprint, replacedKeyId: activated.replacedKeyId, revokeAfter: activated.revokeAfter };
  } catch (err) {
    const reason = describeFailure(err);
    if (keyId) await governance.markKeyFailed({ keyId, reason, errorType: failureType(err), actorSlackId: input.actorSlackId });
    const current = thread.progress.steps.find((s) => s.state === 'running');
    if (current) thread.mark(current.label, 'failed', reason);
    thread.finish('failed', `The key was not activated: ${reason}`);
    await thread.publish();
    await showInModal({ state: 'failed', ...(thread.progress.maskedKey ? { maskedKey: thread.progress.maskedKey } : {}), detail: reason });
    await tell(`:x: The ${PROVIDER_LABELS[input.provider]} ${input.environment} key was not activated: ${reason}`);
    throw err;
  }
}

const runUrlOf = (input: AddProviderKeyInput) => temporalRunUrl(input.settings.temporalUiUrl, input.settings.namespace, workflowInfo().workflowId);

/** The grace timer outlives this workflow: it belongs to the old key, not to the request. */
async function retireLater(args: RetireProviderKeyInput): Promise<void> {
  const workflowId = workflowIds.retireKey(args.keyId);
  const assertion = await trust.assertForWorkflow({ actor: SYSTEM_ACTOR, action: assertedAction.start('retireProviderKey'), workflowId, args });
  await startChild(retireProviderKey, { workflowId, args: [{ ...args, assertion }], parentClosePolicy: ParentClosePolicy.ABANDON });
}

/** A key that replaces a leaked one moves the incident's runbook on to verification. */
async function tellIncident(input: AddProviderKeyInput, replacement: ReplacementKey): Promise<void> {
  const incidentWorkflowId = input.incidentWorkflowId ?? (await openIncidentFor(input));
  if (!incidentWorkflowId) return;
  try {
    const action = assertedAction.signal(RUNBOOK_SIGNALS.replacementKeyActivated);
    // On behalf of the admin who added the key, proven at this workflow's start.
    const assertion = await trust.assertForWorkflow({ actor: input.actorSlackId, action, workflowId: incidentWorkflowId, args: replacement });
    await getExternalWorkflowHandle(incidentWorkflowId).signal(replacementKeyActivatedSignal, { ...replacement, assertion });
  } catch (err) {
    log.warn('Could not tell the incident runbook', { incidentWorkflowId, error: describeFailure(err) });
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
