import { randomUUID } from 'node:crypto';
import { PROVIDER_LABELS, type KeyEnvironment, type Provider } from '../contracts';
import type { KeyFingerprinter, SecretSealer } from '../crypto';
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
}

/**
 * The platform's services ask here for the key to call a provider with: the org's active key, else
 * Warden's hosted key unless the provider is BYOK-only. Every answer, refusals included, is audited.
 */
export function createKeyResolver(d: KeyResolverDeps) {
  return async function resolveKey(req: { provider: Provider; environment: KeyEnvironment; caller: string }): Promise<ResolvedKey> {
    const audit = (outcome: string, details: Record<string, unknown>) =>
      d.audit.append({
        idempotencyKey: `key-resolve:${randomUUID()}`,
        actor: req.caller,
        action: 'key.resolve',
        target: `${req.provider}/${req.environment}`,
        outcome,
        details,
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

  async function resolve(req: { provider: Provider; environment: KeyEnvironment; caller: string }): Promise<ResolvedKey> {
    const label = `${PROVIDER_LABELS[req.provider]} ${req.environment}`;
    const flag = await d.breakGlass.isBlocked(`key:${req.provider}/${req.environment}`);
    if (flag) {
      throw new WardenError(ERROR_CODES.breakGlassActive, `Break-glass is on for ${flag.scope} (${flag.reason}): ${label} keys are not handed out until an admin lifts it.`, {
        scope: flag.scope,
      });
    }
    const active = await d.keys.findActive(req.provider, req.environment);
    if (active) {
      const apiKey = await openStoredKey(d, active, { actor: req.caller, purpose: 'key resolution', slot: req });
      return { provider: req.provider, environment: req.environment, source: 'org', keyId: active.id, fingerprint: active.fingerprint, apiKey };
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
