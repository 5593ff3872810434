import { ALERTING_VERDICTS, SYSTEM_ACTOR, type ActorProof, type KeyEnvironment, type Provider } from '../../lib/contracts';
import { readStoredKey } from '../keys/read-key-secret';
import type { ActivityDeps } from '../deps';
import { requireActor } from '../trust/require-actor';
import type { SweepCheck } from './sweep-checks';

// The one-key-at-a-time sweep's activities, kept only so a sweep started before sweeps ran in batches can finish
// its replay on this version (workflows/health/legacy-key-health-sweep.ts). New sweeps never call them.

type D = ActivityDeps;

/** The active keys to check, started by the sweep's schedule only; keys under break-glass are left alone. */
export function createListKeysForSweep(d: Pick<D, 'keys' | 'breakGlass' | 'audit' | 'actorAssertions'>) {
  return async function listKeysForSweep(input: { proof: ActorProof }): Promise<{ keys: Array<{ keyId: string; provider: Provider; environment: KeyEnvironment }>; frozen: number }> {
    await requireActor(d, { proof: input.proof, claimedActor: SYSTEM_ACTOR, target: 'key-health-sweep' });
    const keys: Array<{ keyId: string; provider: Provider; environment: KeyEnvironment }> = [];
    let frozen = 0;
    for (const k of await d.keys.list()) {
      if (k.status !== 'active') continue;
      if (await d.breakGlass.isBlocked(`key:${k.provider}/${k.environment}`)) frozen += 1;
      else keys.push({ keyId: k.id, provider: k.provider, environment: k.environment });
    }
    return { keys, frozen };
  };
}

/**
 * Lists models with one key (the foundation's check), stores the result, and compares it with the key's
 * alert state. Never throws for a provider verdict: an outage is a result to store, not an activity failure.
 */
export function createCheckKeyForSweep(d: Pick<D, 'keys' | 'sealedSecrets' | 'sealer' | 'checker' | 'keyHealth' | 'clock' | 'fingerprints' | 'audit' | 'logger'>) {
  return async function checkKeyForSweep(input: { keyId: string }): Promise<SweepCheck | null> {
    const key = await d.keys.get(input.keyId);
    if (!key || key.status !== 'active') return null;
    const apiKey = await readStoredKey(d, key, { actor: 'warden', purpose: 'scheduled health check' });
    const result = await d.checker.check({ provider: key.provider, apiKey, baseUrl: key.baseUrl ?? undefined });
    const at = d.clock();
    await d.keyHealth.recordCheck({ keyId: key.id, at, outcome: result.verdict, latencyMs: result.latencyMs, detail: result.detail });
    await d.keys.recordHealthCheck(key.id, { at, outcome: result.verdict, latencyMs: result.latencyMs });
    const state = await d.keyHealth.alertState(key.id);
    const alerting = state?.alerting ?? false;
    const failing = ALERTING_VERDICTS.includes(result.verdict);
    const transition = failing && !alerting ? 'alert' : result.verdict === 'valid' && alerting ? 'recover' : 'none';
    return {
      keyId: key.id,
      provider: key.provider,
      environment: key.environment,
      maskedKey: key.maskedKey,
      fingerprint: key.fingerprint,
      verdict: result.verdict,
      detail: result.detail,
      latencyMs: result.latencyMs,
      transition,
      previousVerdict: state?.verdict ?? null,
    };
  };
}

