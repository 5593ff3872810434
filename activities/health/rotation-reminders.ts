import { affectedAgentsLine, agentsOnOrgKey, contactsOf } from '../../lib/agents/affected-agents';
import { codeSpan, escapeMrkdwn, PROVIDER_LABELS, SYSTEM_ACTOR, type ActorProof, type KeyEnvironment, type Provider } from '../../lib/contracts';
import { plainMessage } from '../../lib/slack/blocks/health-alert';
import { auditStepKey } from '../audit/audit-step';
import type { ActivityDeps } from '../deps';
import { requireActor } from '../trust/require-actor';

type D = ActivityDeps;

export interface RotationDue {
  keyId: string;
  provider: Provider;
  environment: KeyEnvironment;
  maskedKey: string;
  fingerprint: string;
  ownerTeam: string | null;
  ageDays: number;
  maxAgeDays: number;
  kind: 'due_soon' | 'overdue';
  /** Dedupe key: once per key at 80%, once per key per day past the maximum. */
  noticeKey: string;
}

const DAY_MS = 86_400_000;
const round1 = (ms: number) => Math.round((ms / DAY_MS) * 10) / 10;

/** Active keys at 80% of their maximum age or past it (WARDEN_KEY_MAX_AGE, per slot overrides). */
export function createListRotationDue(d: Pick<D, 'keys' | 'onCall' | 'clock' | 'audit' | 'actorAssertions'>) {
  return async function listRotationDue(input: { proof: ActorProof }): Promise<RotationDue[]> {
    await requireActor(d, { proof: input.proof, claimedActor: SYSTEM_ACTOR, target: 'key-rotation-sweep' });
    const now = d.clock();
    const day = now.toISOString().slice(0, 10);
    const due: RotationDue[] = [];
    for (const k of await d.keys.list()) {
      if (k.status !== 'active') continue;
      const maxAgeMs = d.onCall.keyMaxAgeBySlot[`${k.provider}/${k.environment}`] ?? d.onCall.keyMaxAgeMs;
      const ageMs = now.getTime() - (k.activatedAt ?? k.createdAt).getTime();
      const base = { keyId: k.id, provider: k.provider, environment: k.environment, maskedKey: k.maskedKey, fingerprint: k.fingerprint, ownerTeam: k.ownerTeam, ageDays: round1(ageMs), maxAgeDays: round1(maxAgeMs) };
      if (ageMs >= maxAgeMs) due.push({ ...base, kind: 'overdue', noticeKey: `rotation:overdue:${k.id}:${day}` });
      else if (ageMs >= 0.8 * maxAgeMs) due.push({ ...base, kind: 'due_soon', noticeKey: `rotation:due-soon:${k.id}` });
    }
    return due;
  };
}

/**
 * Posts one reminder unless it was already sent. There is no team→channel mapping, so the owning team is
 * named in the admin channel; overdue keys go to admins there daily.
 */
export function createSendRotationReminder(d: Pick<D, 'slack' | 'keyHealth' | 'audit' | 'clock' | 'byokReport'>) {
  return async function sendRotationReminder(input: { channel: string; due: RotationDue }): Promise<boolean> {
    const k = input.due;
    if (await d.keyHealth.noticeSent(k.noticeKey)) return false;
    // Rotating a key reaches the agents that use it: the reminder names them, and their teams' contacts hear of it.
    const agents = await agentsOnOrgKey(d.byokReport, k.provider, k.environment);
    const label = `${PROVIDER_LABELS[k.provider]} ${k.environment} key \`${k.maskedKey}\` (${k.fingerprint})`;
    const rotate = `\`/warden keys rotate ${k.provider} ${k.environment}\``;
    const text =
      k.kind === 'due_soon'
        ? `:calendar: *Rotation due soon* — team *${k.ownerTeam ? escapeMrkdwn(k.ownerTeam) : 'not recorded'}*: the ${label} is ${k.ageDays} days old; the maximum is ${k.maxAgeDays} days. Rotate it with ${rotate}.`
        : `:warning: *Rotation overdue* — admins: the ${label} is ${k.ageDays} days old, past the ${k.maxAgeDays}-day maximum (team ${k.ownerTeam ? escapeMrkdwn(k.ownerTeam) : 'not recorded'}). Rotate it with ${rotate}. Warden reminds you daily until it is rotated.`;
    await d.slack.postMessage({ channel: input.channel, ...plainMessage(`${text}\n${affectedAgentsLine(agents)}`) });
    for (const [contact, rows] of contactsOf(agents)) {
      await d.slack.sendDirectMessage({
        user: contact,
        text: `:calendar: The org's ${label} is due for rotation (${k.ageDays} of ${k.maxAgeDays} days). Your agents ${rows.map((r) => codeSpan(r.agent)).join(', ')} use it; expect a new key soon.`,
      });
    }
    await d.keyHealth.recordNotice({ noticeKey: k.noticeKey, kind: `rotation_${k.kind}`, keyId: k.keyId, sentAt: d.clock() });
    await d.audit.append({
      ...auditStepKey(),
      actor: 'warden',
      action: `key.rotation_${k.kind}`,
      target: k.keyId,
      outcome: 'reminded',
      details: { ageDays: k.ageDays, maxAgeDays: k.maxAgeDays, ownerTeam: k.ownerTeam, agents: agents.map((a) => a.agent) },
    });
    return true;
  };
}

/**
 * A departing admin could see every key they administered, so every active provider key is on the list; a
 * departing admin or builder also owned API keys (issue 12), listed with the command that rotates each. Posted
 * in the admin channel and audited; the access workflows call this when an admin or builder role ends.
 */
export function createPostRotateKeysForDepartedAdmin(d: Pick<D, 'keys' | 'slack' | 'audit' | 'actorAssertions' | 'apiKeys' | 'clock'>) {
  return async function postRotateKeysForDepartedAdmin(input: {
    proof: ActorProof;
    slackUserId: string;
    requestId: string;
    channel: string;
    role?: 'admin' | 'builder';
  }): Promise<{ keyIds: string[]; apiKeyPrefixes: string[] }> {
    await requireActor(d, { proof: input.proof, claimedActor: SYSTEM_ACTOR, target: input.slackUserId, requestId: input.requestId });
    const role = input.role ?? 'admin';
    const active = role === 'admin' ? (await d.keys.list()).filter((k) => k.status === 'active') : [];
    const owned = await d.apiKeys.listWorkingOwnedBy(input.slackUserId, d.clock());
    if (role !== 'admin' && owned.length === 0) return { keyIds: [], apiKeyPrefixes: [] };
    const lines = active.map((k) => `• ${PROVIDER_LABELS[k.provider]} ${k.environment} \`${k.maskedKey}\` (${k.fingerprint}) → \`/warden keys rotate ${k.provider} ${k.environment}\``);
    const apiLines = owned.map((k) => `• API key *${escapeMrkdwn(k.name)}* \`${k.prefix}…\` → \`/warden apikeys rotate ${k.prefix}\``);
    const providerPart =
      role === 'admin' ? (lines.length ? `Rotate these ${lines.length} active key(s):\n${lines.join('\n')}` : 'There are no active keys to rotate.') : '';
    const apiPart = apiLines.length ? `${providerPart ? '\n' : ''}Rotate the ${apiLines.length} API key(s) they own:\n${apiLines.join('\n')}` : '';
    const text = `:door: *Rotate keys <@${input.slackUserId}> could see* — their ${role} role ended. ${providerPart}${apiPart}`;
    await d.slack.postMessage({ channel: input.channel, ...plainMessage(text) });
    await d.audit.append({
      ...auditStepKey(),
      actor: 'warden',
      action: 'key.rotation_departed_admin',
      target: input.slackUserId,
      outcome: 'raised',
      requestId: input.requestId,
      details: { role, keyIds: active.map((k) => k.id), apiKeyPrefixes: owned.map((k) => k.prefix) },
    });
    return { keyIds: active.map((k) => k.id), apiKeyPrefixes: owned.map((k) => k.prefix) };
  };
}
