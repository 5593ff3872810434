import { randomUUID } from 'node:crypto';
import { PROVIDER_LABELS, type AgentKeyPolicy, type KeyEnvironment, type Provider } from '../contracts';
import type { KeyFingerprinter, SecretSealer } from '../crypto';
import type { AgentRepository } from '../db/repositories/agents';
import type { createAuditLog } from '../db/repositories/audit-log';
import type { BreakGlassRepository } from '../db/repositories/break-glass';
import type { createProviderKeyRepository } from '../db/repositories/provider-keys';
import type { createProviderPolicyRepository } from '../db/repositories/provider-policies';
import type { createSealedSecretRepository } from '../db/repositories/sealed-secrets';
import { ERROR_CODES, WardenError } from '../errors';
import type { Logger } from '../log';
import { openStoredKey } from './open-stored-key';

export interface ResolvedKey {
  provider: Provider;
  environment: KeyEnvironment;
  source: 'org' | 'hosted';
  keyId: string | null;
  fingerprint: string;
  apiKey: string;
}

export interface KeyResolverDeps {
  keys: Pick<ReturnType<typeof createProviderKeyRepository>, 'findActive'>;
  policies: Pick<ReturnType<typeof createProviderPolicyRepository>, 'isByokOnly'>;
  sealedSecrets: Pick<ReturnType<typeof createSealedSecretRepository>, 'get'>;
  sealer: Pick<SecretSealer, 'open'>;
  audit: Pick<ReturnType<typeof createAuditLog>, 'append'>;
  hostedKeys: Partial<Record<Provider, string>>;
  /** Break-glass on `all`, `provider:<p>` or `key:<p>/<env>` stops resolution without touching the key. */
  breakGlass: Pick<BreakGlassRepository, 'isBlocked'>;
  /** Fingerprints the hosted key and proves an org key belongs to its row before it is handed out. */
  fingerprints: Pick<KeyFingerprinter, 'fingerprint' | 'check'>;
  logger: Logger;
  /** The agent registry: a resolution for a named agent applies that agent's key policy. */
  agents?: Pick<AgentRepository, 'get'>;
}

export interface ResolveRequest {
  provider: Provider;
  environment: KeyEnvironment;
  caller: string;
  /** The agent asking; its key policy for this provider decides whether a hosted key may be used. */
  agent?: string;
}

/**
 * The platform's services ask here for the key to call a provider with: the org's active key, else
 * Warden's hosted key unless the provider is BYOK-only. Every answer, refusals included, is audited.
 */
export function createKeyResolver(d: KeyResolverDeps) {
  return async function resolveKey(req: ResolveRequest): Promise<ResolvedKey> {
    const audit = (outcome: string, details: Record<string, unknown>) =>
      d.audit.append({
        idempotencyKey: `key-resolve:${randomUUID()}`,
        actor: req.caller,
        action: 'key.resolve',
        target: `${req.provider}/${req.environment}`,
        outcome,
        details: req.agent ? { ...details, agent: req.agent } : details,
      });
    try {
      const resolved = await resolve(req);
      await audit('succeeded', { source: resolved.source, keyId: resolved.keyId, fingerprint: resolved.fingerprint });
      return resolved;
    } catch (err) {
      await audit('failed', { error: err instanceof WardenError ? err.code : 'unexpected' });
      throw err;
    }
  };

  /** No agent: the org key, else hosted (the policy every agent had before the registry: org_preferred). */
  async function policyFor(req: ResolveRequest): Promise<AgentKeyPolicy> {
    if (!req.agent) return 'org_preferred';
    const agent = await d.agents?.get(req.agent, req.environment);
    if (!agent) throw new WardenError(ERROR_CODES.agentNotFound, `There is no agent ${req.agent} in ${req.environment}; register it with PUT /v1/agents/${req.agent} or /warden agents set.`);
    const policy = agent.keyPolicies[req.provider];
    if (!policy) throw new WardenError(ERROR_CODES.invalidInput, `Agent ${req.agent} (${req.environment}) is not registered as using ${PROVIDER_LABELS[req.provider]}.`);
    return policy;
  }

  async function resolve(req: ResolveRequest): Promise<ResolvedKey> {
    const label = `${PROVIDER_LABELS[req.provider]} ${req.environment}`;
    const policy = await policyFor(req);
    const flag = await d.breakGlass.isBlocked(`key:${req.provider}/${req.environment}`);
    if (flag) {
      throw new WardenError(ERROR_CODES.breakGlassActive, `Break-glass is on for ${flag.scope} (${flag.reason}): ${label} keys are not handed out until an admin lifts it.`, {
        scope: flag.scope,
      });
    }
    const active = policy === 'hosted_only' ? null : await d.keys.findActive(req.provider, req.environment);
    if (active) {
      const apiKey = await openStoredKey(d, active, { actor: req.caller, purpose: 'key resolution', slot: req });
      return { provider: req.provider, environment: req.environment, source: 'org', keyId: active.id, fingerprint: active.fingerprint, apiKey };
    }
    if (policy === 'org_required') {
      throw new WardenError(ERROR_CODES.byokKeyMissing, `Agent ${req.agent} must use the org's ${label} key and there is none active; an admin must add one with /warden keys add.`);
    }
    if (await d.policies.isByokOnly(req.provider)) {
      throw new WardenError(
        ERROR_CODES.byokKeyMissing,
        `${PROVIDER_LABELS[req.provider]} is BYOK-only and the org has no active ${req.environment} key; an admin must add one with /warden keys add.`,
      );
    }
    const hosted = d.hostedKeys[req.provider];
    if (!hosted) {
      throw new WardenError(ERROR_CODES.keyMissing, `No active ${label} key, and Warden has no hosted ${PROVIDER_LABELS[req.provider]} key to fall back to.`);
    }
    return { provider: req.provider, environment: req.environment, source: 'hosted', keyId: null, fingerprint: d.fingerprints.fingerprint(hosted), apiKey: hosted };
  }
}

export type KeyResolver = ReturnType<typeof createKeyResolver>;
