import type { KeyFingerprinter, SecretSealer } from '../crypto';
import type { AuditLog, ProviderKeyRepository, ProviderKeyView, SealedSecretRepository } from '../db';
import { isWardenError } from '../errors';
import type { Logger } from '../log';

export interface UpgradeKeyFingerprintsDeps {
  keys: Pick<ProviderKeyRepository, 'listUnstamped' | 'replaceStamp'>;
  sealedSecrets: Pick<SealedSecretRepository, 'get'>;
  sealer: Pick<SecretSealer, 'open'>;
  fingerprints: Pick<KeyFingerprinter, 'version' | 'matches' | 'check' | 'stamp'>;
  audit: Pick<AuditLog, 'append' | 'list'>;
  logger: Logger;
}

export interface UpgradeSummary {
  /** Re-fingerprinted and bound under the current master key. */
  upgraded: number;
  /** Left as they are: the key did not match the row, so binding it would launder a swap. Refused at use. */
  refused: number;
  /** Left as they are: the secret could not be read here (say, its master-key version is not configured). */
  unreadable: number;
}

// Written once, when no legacy row is left to upgrade; from then on a legacy row is refused, not bound.
const LEGACY_CLOSED = 'key.legacy_fingerprints_closed';

/**
 * Brings every key onto a keyed fingerprint and binding under the current master key: legacy (unkeyed)
 * fingerprints after the upgrade that introduced them, and keys fingerprinted under an older master key
 * after a rotation. Runs when Warden starts and from `npm run rewrap-secrets`. Idempotent and batched; each
 * row is replaced only if nobody changed it meanwhile. Each key is decrypted here and checked against what
 * the row recorded before it is re-fingerprinted; the key itself is never logged or returned.
 *
 * Legacy rows carry no binding, so they are trusted on first use: the key must match the old fingerprint,
 * and after the first run that leaves no legacy row behind (marked in the audit log), a legacy row that
 * appears later is refused rather than bound, so turning a row back into a legacy one cannot launder a swap.
 */
export async function upgradeKeyFingerprints(d: UpgradeKeyFingerprintsDeps, opts: { batchSize?: number } = {}): Promise<UpgradeSummary> {
  const summary: UpgradeSummary = { upgraded: 0, refused: 0, unreadable: 0 };
  let legacyUnreadable = 0;
  const legacyClosed = (await d.audit.list({ action: LEGACY_CLOSED, limit: 1 })).length > 0;
  let afterId: string | null = null;
  for (;;) {
    const batch = await d.keys.listUnstamped(d.fingerprints.version, { afterId, limit: opts.batchSize ?? 100 });
    if (batch.length === 0) break;
    afterId = batch[batch.length - 1]!.id;
    for (const key of batch) {
      const outcome = await upgradeOne(d, key, legacyClosed);
      summary[outcome] += 1;
      if (outcome === 'unreadable' && key.fingerprintVersion === null) legacyUnreadable += 1;
    }
  }
  if (!legacyClosed && legacyUnreadable === 0) {
    await d.audit.append({ idempotencyKey: LEGACY_CLOSED, actor: 'warden', action: LEGACY_CLOSED, target: 'provider_keys', outcome: 'succeeded', details: {} });
  }
  if (summary.upgraded + summary.refused + summary.unreadable > 0) {
    await d.audit.append({
      idempotencyKey: `key.fingerprints_upgraded:${new Date().toISOString()}:${afterId}`,
      actor: 'warden',
      action: 'key.fingerprints_upgraded',
      target: 'provider_keys',
      outcome: summary.refused + summary.unreadable > 0 ? 'partial' : 'succeeded',
      details: { ...summary, version: d.fingerprints.version },
    });
  }
  return summary;
}

async function upgradeOne(d: UpgradeKeyFingerprintsDeps, key: ProviderKeyView, legacyClosed: boolean): Promise<keyof UpgradeSummary> {
  const facts = { keyId: key.id, provider: key.provider, environment: key.environment, fingerprint: key.fingerprint };
  if (key.fingerprintVersion === null && legacyClosed) return refuse(d, key, 'legacy fingerprint after the upgrade');

  let apiKey: string;
  try {
    const envelope = await d.sealedSecrets.get(key.sealedSecretId);
    if (!envelope) throw new Error('sealed secret missing');
    apiKey = await d.sealer.open(envelope, key.sealedSecretId);
  } catch (err) {
    d.logger.warn('Could not re-fingerprint a key: its secret is unreadable here', { ...facts, error: isWardenError(err) ? err.message : String(err) });
    return 'unreadable';
  }

  // A keyed row must pass its full check under its own version; a legacy one can only match its old fingerprint.
  const proven = key.fingerprintVersion === null ? d.fingerprints.matches(apiKey, key) : d.fingerprints.check(apiKey, key).ok;
  if (!proven) return refuse(d, key, 'key does not match its row');

  const stamp = d.fingerprints.stamp(apiKey, key);
  if (!(await d.keys.replaceStamp(key.id, key, stamp))) return 'upgraded'; // another run got there first
  d.logger.info('Key re-fingerprinted', { ...facts, newFingerprint: stamp.fingerprint, version: stamp.fingerprintVersion });
  return 'upgraded';
}

async function refuse(d: UpgradeKeyFingerprintsDeps, key: ProviderKeyView, reason: string): Promise<'refused'> {
  const facts = { keyId: key.id, provider: key.provider, environment: key.environment, fingerprint: key.fingerprint, reason };
  d.logger.error('A key was not re-fingerprinted: it cannot be proven to belong to its row, so it stays refused', facts);
  await d.audit.append({
    idempotencyKey: `key.fingerprint_upgrade:${key.id}:${key.fingerprint}`,
    actor: 'warden',
    action: 'key.fingerprint_upgrade',
    target: key.id,
    outcome: 'refused',
    details: { ...facts, maskedKey: key.maskedKey },
  });
  return 'refused';
}
