import type { KeyEnvironment, Provider, RunbookSource, TimelineEntry } from '../../lib/contracts';
import { StoredKeyRefusedError } from '../../lib/errors';
import { sharedKeyFindings } from '../../lib/keys/key-findings';
import type { ImpactAgent, ImpactRow } from '../../lib/slack/blocks/runbook';
import { auditStepKey } from '../audit/audit-step';
import { readStoredKey } from '../keys/read-key-secret';
import type { ActivityDeps } from '../deps';

type D = ActivityDeps;

export interface ContainedKey {
  keyId: string;
  maskedKey: string;
  fingerprint: string;
}

export function createOpenIncident(d: Pick<D, 'incidents' | 'audit' | 'clock'>) {
  return async function openIncident(input: {
    incidentId: string;
    provider: Provider;
    environment: KeyEnvironment;
    actorSlackId: string;
    source: RunbookSource;
    requestId: string;
  }): Promise<void> {
    const { workflowId, idempotencyKey } = auditStepKey();
    await d.incidents.open({ id: input.incidentId, workflowId, provider: input.provider, environment: input.environment, openedBySlackId: input.actorSlackId, now: d.clock() });
    await d.audit.append({
      idempotencyKey,
      workflowId,
      actor: input.actorSlackId,
      action: 'incident.opened',
      target: input.incidentId,
      outcome: 'succeeded',
      requestId: input.requestId,
      details: { provider: input.provider, environment: input.environment, source: input.source },
    });
  };
}

/** Step 1: the leaked key is marked compromised and leaves its slot in one transaction. */
export function createContainLeakedKey(d: Pick<D, 'keys' | 'incidents' | 'audit' | 'clock'>) {
  return async function containLeakedKey(input: {
    incidentId: string;
    provider: Provider;
    environment: KeyEnvironment;
    leakedKeyId?: string;
    actorSlackId: string;
  }): Promise<ContainedKey | null> {
    const target = input.leakedKeyId ? await d.keys.get(input.leakedKeyId) : await d.keys.findActive(input.provider, input.environment);
    if (!target) return null;
    const now = d.clock();
    const key = await d.keys.markCompromised(target.id, now);
    await d.incidents.update(input.incidentId, { compromisedKeyId: key.id, containedAt: now, currentStep: 'impact' });
    await d.audit.append({
      ...auditStepKey(),
      actor: input.actorSlackId,
      action: 'key.compromised',
      target: key.id,
      outcome: 'succeeded',
      details: { incidentId: input.incidentId, provider: key.provider, environment: key.environment, fingerprint: key.fingerprint, previousStatus: target.status },
    });
    return { keyId: key.id, maskedKey: key.maskedKey, fingerprint: key.fingerprint };
  };
}

/** The compromised key's details for a runbook that resumes with a known key (grace period path). */
export function createDescribeKey(d: Pick<D, 'keys'>) {
  return async function describeKey(input: { keyId: string }): Promise<ContainedKey | null> {
    const key = await d.keys.get(input.keyId);
    return key ? { keyId: key.id, maskedKey: key.maskedKey, fingerprint: key.fingerprint } : null;
  };
}

/**
 * Step 2: who uses this provider: its keys, the environments they serve and their owning teams, and (from the
 * agent registry) the agents that call the provider with the org's key, by name, with their owning teams.
 */
export function createDescribeImpact(d: Pick<D, 'keys' | 'byokReport'>) {
  return async function describeImpact(input: { provider: Provider; environment?: KeyEnvironment }): Promise<{ rows: ImpactRow[]; ownerTeams: string[]; findings: string[]; agents: ImpactAgent[] }> {
    const keys = (await d.keys.list()).filter((k) => k.provider === input.provider && ['active', 'retiring', 'compromised', 'pending'].includes(k.status));
    const rows = keys.map((k) => ({ environment: k.environment, status: k.status, maskedKey: k.maskedKey, fingerprint: k.fingerprint, ownerTeam: k.ownerTeam }));
    // Agents that never touch the org's key (hosted only) are not affected by its leak.
    const agents = (await d.byokReport({ provider: input.provider }))
      .filter((r) => r.policy !== 'hosted_only')
      .map((r) => ({ agent: r.agent, environment: r.environment, ownerTeam: r.ownerTeam, teamContact: r.teamContact, uses: r.uses, policy: r.policy }));
    const ownerTeams = [...new Set([...keys.map((k) => k.ownerTeam), ...agents.map((a) => a.ownerTeam)].filter((t): t is string => !!t))].sort();
    return { rows, ownerTeams, findings: sharedKeyFindings(keys), agents };
  };
}

/** Step 4: one minimal chat message with the new key. The plaintext exists only inside this function. */
export function createVerifyReplacementKey(d: Pick<D, 'keys' | 'sealedSecrets' | 'sealer' | 'chatProbe' | 'keyHealth' | 'audit' | 'clock' | 'fingerprints' | 'logger'>) {
  return async function verifyReplacementKey(input: { incidentId: string; keyId: string; actorSlackId: string }) {
    const key = await d.keys.get(input.keyId);
    if (!key) return { ok: false, detail: 'The replacement key no longer exists.', model: '-', latencyMs: 0, maskedKey: '-', verdict: 'configuration_error' };
    const apiKey = await readStoredKey(d, key, { actor: input.actorSlackId, purpose: 'test chat' }).catch((err) => {
      // A key that is not its row's own is never sent; the runbook reports why and stays open.
      if (err instanceof StoredKeyRefusedError) return err;
      throw err;
    });
    if (apiKey instanceof StoredKeyRefusedError) return { ok: false, detail: apiKey.message, model: '-', latencyMs: 0, maskedKey: key.maskedKey, verdict: 'configuration_error' };
    const result = await d.chatProbe.send({ provider: key.provider, apiKey, baseUrl: key.baseUrl ?? undefined });
    await d.keyHealth.recordCheck({ keyId: key.id, at: d.clock(), outcome: `chat:${result.verdict}`, latencyMs: result.latencyMs, detail: result.detail });
    await d.audit.append({
      ...auditStepKey(),
      actor: input.actorSlackId,
      action: 'incident.verify',
      target: input.incidentId,
      outcome: result.ok ? 'succeeded' : 'failed',
      details: { keyId: key.id, fingerprint: key.fingerprint, model: result.model, verdict: result.verdict, latencyMs: result.latencyMs },
    });
    return { ok: result.ok, detail: result.detail, model: result.model, latencyMs: result.latencyMs, maskedKey: key.maskedKey, verdict: result.verdict };
  };
}

/** Where the incident waits now, for `/warden incident list` and anyone reading the row. */
export function createSetIncidentStep(d: Pick<D, 'incidents'>) {
  return async function setIncidentStep(input: { incidentId: string; step: string }): Promise<void> {
    await d.incidents.update(input.incidentId, { currentStep: input.step });
  };
}

/** One audited runbook step taken by a person (replacement recorded, revoke confirmed). */
export function createRecordRunbookStep(d: Pick<D, 'incidents' | 'audit'>) {
  return async function recordRunbookStep(input: {
    incidentId: string;
    step: string;
    /** The step the incident waits on next (defaults to `step`). */
    nextStep?: string;
    actorSlackId: string;
    replacementKeyId?: string;
    detail?: string;
  }): Promise<void> {
    await d.incidents.update(input.incidentId, { currentStep: input.nextStep ?? input.step, ...(input.replacementKeyId ? { replacementKeyId: input.replacementKeyId } : {}) });
    await d.audit.append({
      ...auditStepKey(),
      actor: input.actorSlackId,
      action: `incident.${input.step}`,
      target: input.incidentId,
      outcome: 'succeeded',
      details: { ...(input.replacementKeyId ? { replacementKeyId: input.replacementKeyId } : {}), ...(input.detail ? { detail: input.detail } : {}) },
    });
  };
}

/** Step 6 (or a cancel): closes the incident and writes the whole timeline to the audit log. */
export function createCloseIncident(d: Pick<D, 'incidents' | 'audit' | 'clock'>) {
  return async function closeIncident(input: { incidentId: string; status: 'resolved' | 'cancelled'; actorSlackId: string; timeline: TimelineEntry[] }): Promise<void> {
    await d.incidents.close(input.incidentId, { status: input.status, bySlackId: input.actorSlackId, now: d.clock() });
    await d.audit.append({
      ...auditStepKey(),
      actor: input.actorSlackId,
      action: input.status === 'resolved' ? 'incident.all_clear' : 'incident.cancelled',
      target: input.incidentId,
      outcome: 'succeeded',
      details: { timeline: input.timeline },
    });
  };
}
