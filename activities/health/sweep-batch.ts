import { Context } from '@temporalio/activity';
import { ALERTING_VERDICTS, SYSTEM_ACTOR, type ActorProof, type HealthCheckResult, type HealthSweepBatchInput, type Provider } from '../../lib/contracts';
import type { ProviderKeyView } from '../../lib/db';
import { readStoredKey } from '../keys/read-key-secret';
import type { ActivityDeps } from '../deps';
import { requireActor } from '../trust/require-actor';
import type { ProviderPacer } from './provider-pacer';
import type { SweepCheck } from './sweep-checks';

type D = Pick<ActivityDeps, 'keys' | 'breakGlass' | 'sealedSecrets' | 'sealer' | 'checker' | 'keyHealth' | 'clock' | 'fingerprints' | 'audit' | 'actorAssertions' | 'logger'>;

// A 429 means "slow down", not "this key is broken": the provider's checks pause (Retry-After when the provider
// names it, else doubling from 1 s up to a minute) and the key is asked again, up to this many times in all.
const RATE_LIMITED_ATTEMPTS = 5;
const BACKOFF_FIRST_MS = 1000;
const BACKOFF_MAX_MS = 60_000;

export interface HealthBatchResult {
  /** The cursor for the next batch; null when this was the last. */
  next: string | null;
  checked: number;
  healthy: number;
  frozen: number;
  /** Rate limited through every attempt: not checked this time, and not marked unhealthy. */
  deferred: number;
  /** Checks that failed for a reason of Warden's (an unreadable key): logged, the others go on. */
  failed: number;
  /** Only the keys whose alert state changes: what the batch workflow must post. */
  transitions: SweepCheck[];
}

const heartbeat = (details: unknown) => {
  try {
    Context.current().heartbeat(details);
  } catch {
    // Outside an activity: nothing to report to.
  }
};

/**
 * One batch of the scheduled health check: the next `limit` active keys by id, each checked by listing models
 * (decrypted here, never leaving the activity), its result stored and compared with its alert state. Calls to
 * a provider go through the worker's pacer: never more than the configured number in flight per provider, and
 * a 429 pauses that provider's calls instead of marking the key unhealthy. Keys under break-glass are skipped.
 */
export function createCheckKeyBatch(d: D, pacer: ProviderPacer, concurrency: number) {
  async function listModels(key: ProviderKeyView, apiKey: string): Promise<HealthCheckResult | null> {
    for (let attempt = 1, backoff = BACKOFF_FIRST_MS; ; attempt += 1, backoff = Math.min(backoff * 2, BACKOFF_MAX_MS)) {
      const result = await pacer.run(key.provider, () => d.checker.check({ provider: key.provider, apiKey, baseUrl: key.baseUrl ?? undefined }));
      if (result.verdict !== 'rate_limited') return result;
      if (attempt >= RATE_LIMITED_ATTEMPTS) return null;
      pacer.pause(key.provider, result.retryAfterSeconds !== undefined ? result.retryAfterSeconds * 1000 : backoff);
    }
  }

  async function checkOne(key: ProviderKeyView): Promise<SweepCheck | 'deferred'> {
    const apiKey = await readStoredKey(d, key, { actor: 'warden', purpose: 'scheduled health check' });
    const result = await listModels(key, apiKey);
    if (!result) return 'deferred';
    const at = d.clock();
    await d.keyHealth.recordCheck({ keyId: key.id, at, outcome: result.verdict, latencyMs: result.latencyMs, detail: result.detail });
    await d.keys.recordHealthCheck(key.id, { at, outcome: result.verdict, latencyMs: result.latencyMs });
    const state = await d.keyHealth.alertState(key.id);
    const alerting = state?.alerting ?? false;
    const failing = ALERTING_VERDICTS.includes(result.verdict);
    return {
      keyId: key.id,
      provider: key.provider,
      environment: key.environment,
      maskedKey: key.maskedKey,
      fingerprint: key.fingerprint,
      verdict: result.verdict,
      detail: result.detail,
      latencyMs: result.latencyMs,
      transition: failing && !alerting ? 'alert' : result.verdict === 'valid' && alerting ? 'recover' : 'none',
      previousVerdict: state?.verdict ?? null,
    };
  }

  return async function checkKeyBatch(input: { proof: ActorProof<HealthSweepBatchInput> }): Promise<HealthBatchResult> {
    await requireActor(d, { proof: input.proof, claimedActor: SYSTEM_ACTOR, target: 'key-health-sweep' });
    const { afterKeyId, limit } = input.proof.signed;
    const keys = await d.keys.activeAfter(afterKeyId, limit);
    const result: HealthBatchResult = { next: keys.length === limit ? keys[keys.length - 1]!.id : null, checked: 0, healthy: 0, frozen: 0, deferred: 0, failed: 0, transitions: [] };

    const blocked = new Map<string, Promise<boolean>>();
    const isFrozen = (k: ProviderKeyView) => {
      const scope = `key:${k.provider}/${k.environment}`;
      if (!blocked.has(scope)) blocked.set(scope, d.breakGlass.isBlocked(scope).then(Boolean));
      return blocked.get(scope)!;
    };
    const byProvider = new Map<Provider, ProviderKeyView[]>();
    for (const k of keys) byProvider.set(k.provider, [...(byProvider.get(k.provider) ?? []), k]);

    // Per provider, as many lanes as calls may be in flight: each lane decrypts, checks and records one key at a
    // time, so no more keys are open in memory than are being checked.
    const lane = async (queue: ProviderKeyView[]) => {
      for (let key = queue.shift(); key; key = queue.shift()) {
        try {
          if (await isFrozen(key)) {
            result.frozen += 1;
            continue;
          }
          const check = await checkOne(key);
          if (check === 'deferred') result.deferred += 1;
          else {
            result.checked += 1;
            if (check.verdict === 'valid') result.healthy += 1;
            if (check.transition !== 'none') result.transitions.push(check);
          }
        } catch (err) {
          // One unreadable key must not stop the checks of the others.
          result.failed += 1;
          d.logger.warn('Health check of a key failed', { keyId: key.id, err });
        }
        heartbeat({ checked: result.checked, deferred: result.deferred });
      }
    };
    await Promise.all([...byProvider.values()].flatMap((queue) => Array.from({ length: Math.min(concurrency, queue.length) }, () => lane(queue))));
    // The same order on every attempt, so the alerts the workflow posts keep their order too.
    result.transitions.sort((a, b) => a.keyId.localeCompare(b.keyId));
    return result;
  };
}
