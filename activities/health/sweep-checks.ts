import { affectedAgentsLine, agentsOnOrgKey, contactsOf } from '../../lib/agents/affected-agents';
import { codeSpan, PROVIDER_LABELS, SYSTEM_ACTOR, type ActorProof } from '../../lib/contracts';
import { sharedKeyFindings } from '../../lib/keys/key-findings';
import { keyAlertMessage, keyRecoveryMessage, plainMessage, type AlertedKey } from '../../lib/slack/blocks/health-alert';
import { auditStepKey } from '../audit/audit-step';
import type { ActivityDeps } from '../deps';
import { requireActor } from '../trust/require-actor';

type D = ActivityDeps;

export interface SweepCheck extends AlertedKey {
  latencyMs: number;
  /** What the sweep must post: a first alert, a recovery, or nothing (unchanged, or a transient failure). */
  transition: 'alert' | 'recover' | 'none';
  previousVerdict: string | null;
}

/** Only the sweep's schedule (Warden's own assertion) starts a health sweep. */
export function createAuthorizeHealthSweep(d: Pick<D, 'audit' | 'actorAssertions'>) {
  return async function authorizeHealthSweep(input: { proof: ActorProof }): Promise<void> {
    await requireActor(d, { proof: input.proof, claimedActor: SYSTEM_ACTOR, target: 'key-health-sweep' });
  };
}

/** Posts the alert, then remembers it, so the next sweep finds the key already alerting and stays quiet. */
export function createRaiseKeyAlert(d: Pick<D, 'slack' | 'keyHealth' | 'audit' | 'clock' | 'byokReport'>) {
  return async function raiseKeyAlert(input: { channel: string; key: AlertedKey }): Promise<void> {
    // The alert names the agents the failing key serves and their teams (agent registry), and DMs their contacts.
    const agents = await agentsOnOrgKey(d.byokReport, input.key.provider, input.key.environment);
    const alert = keyAlertMessage(input.key);
    const named = affectedAgentsLine(agents);
    const text = `${alert.text}\n${named}`;
    await d.slack.postMessage({ channel: input.channel, text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }, ...alert.blocks.slice(1)] });
    for (const [contact, rows] of contactsOf(agents)) {
      await d.slack.sendDirectMessage({
        user: contact,
        text: `:rotating_light: The org's ${PROVIDER_LABELS[input.key.provider]} ${input.key.environment} key is failing (${input.key.verdict.replace(/_/g, ' ')}). Your agents ${rows.map((r) => codeSpan(r.agent)).join(', ')} use it. Admins are told in <#${input.channel}>.`,
      });
    }
    await d.keyHealth.setAlerting(input.key.keyId, input.key.verdict, d.clock());
    await d.audit.append({
      ...auditStepKey(),
      actor: 'warden',
      action: 'key.health_alert',
      target: input.key.keyId,
      outcome: 'alerted',
      details: { verdict: input.key.verdict, provider: input.key.provider, environment: input.key.environment, fingerprint: input.key.fingerprint, agents: agents.map((a) => a.agent) },
    });
  };
}

export function createClearKeyAlert(d: Pick<D, 'slack' | 'keyHealth' | 'audit' | 'clock'>) {
  return async function clearKeyAlert(input: { channel: string; key: AlertedKey; previousVerdict: string | null }): Promise<void> {
    await d.slack.postMessage({ channel: input.channel, ...keyRecoveryMessage({ ...input.key, previousVerdict: input.previousVerdict ?? 'failing' }) });
    await d.keyHealth.setRecovered(input.key.keyId, d.clock());
    await d.audit.append({
      ...auditStepKey(),
      actor: 'warden',
      action: 'key.health_recovered',
      target: input.key.keyId,
      outcome: 'recovered',
      details: { previousVerdict: input.previousVerdict },
    });
  };
}

/** Findings (one key for production and staging) are posted at most once a day each. */
export function createReportFindings(d: Pick<D, 'keys' | 'slack' | 'keyHealth' | 'clock'>) {
  return async function reportFindings(input: { channel: string; summary: string }): Promise<string[]> {
    const findings = sharedKeyFindings(await d.keys.list());
    const day = d.clock().toISOString().slice(0, 10);
    const fresh: string[] = [];
    for (const f of findings) if (!(await d.keyHealth.noticeSent(`finding:${day}:${f}`))) fresh.push(f);
    if (fresh.length > 0) {
      await d.slack.postMessage({ channel: input.channel, ...plainMessage(`:mag: *Key health check* — ${input.summary}\n${fresh.map((f) => `:warning: ${f}`).join('\n')}`) });
      for (const f of fresh) await d.keyHealth.recordNotice({ noticeKey: `finding:${day}:${f}`, kind: 'finding', sentAt: d.clock() });
    }
    return findings;
  };
}

