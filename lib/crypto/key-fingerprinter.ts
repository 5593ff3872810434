import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ERROR_CODES, WardenError } from '../errors';
import type { KekRef, KeyEncryptionService } from './kms';

/** Keyed fingerprints start with this; legacy ones (unkeyed SHA-256, before keyed fingerprints) with 'fp_'. */
export const KEYED_FINGERPRINT_PREFIX = 'fpk_';
const LEGACY_PREFIX = 'fp_';
const FINGERPRINT_HEX = 16;
// Each derivation has its own HKDF purpose, so the fingerprint key and the binding key are unrelated.
const FINGERPRINT_PURPOSE = 'provider-key-fingerprint';
const BINDING_PURPOSE = 'provider-key-binding';
const BINDING_LABEL = 'warden-key-binding-v1';

/** The fields of a stored key that say where it may be used; its binding covers them all. */
export interface KeyIdentity {
  sealedSecretId: string;
  provider: string;
  environment: string;
  /** Where the key is sent (OpenAI-compatible endpoints); a changed URL would send the key elsewhere. */
  baseUrl: string | null;
}

/** What a stored key carries besides its ciphertext: its fingerprint, the KEK version both MACs were keyed under, and its binding. */
export interface KeyStamp {
  fingerprint: string;
  fingerprintVersion: number;
  binding: string;
}

export interface RecordedStamp {
  fingerprint: string;
  /** null: a legacy fingerprint from before keyed fingerprints. */
  fingerprintVersion: number | null;
  binding: string | null;
}

export type StampCheck = { ok: true } | { ok: false; reason: 'fingerprint' | 'binding' | 'legacy' };

export interface KeyFingerprinter {
  /** The KEK version new fingerprints are keyed under (the current master key). */
  readonly version: number;
  /** 'fpk_' + 16 hex of HMAC-SHA256 under a key derived from the current master key. */
  fingerprint(apiKey: string): string;
  /** Fingerprint and binding for a key about to be stored with this identity. */
  stamp(apiKey: string, identity: KeyIdentity): KeyStamp;
  /**
   * Whether `apiKey` is the key a recorded fingerprint was taken of, whichever kind it is (legacy, or keyed
   * under any configured version; false under a version no longer configured). For recognising a key; using
   * a stored key goes through `check`.
   */
  matches(apiKey: string, recorded: Pick<RecordedStamp, 'fingerprint' | 'fingerprintVersion'>): boolean;
  /**
   * After decrypting a stored key: it must have its row's fingerprint, and the row's identity must carry
   * the binding made for it. A legacy row has no binding, so it cannot pass until it is re-fingerprinted.
   */
  check(apiKey: string, row: KeyIdentity & RecordedStamp): StampCheck;
}

/**
 * Fingerprints keyed with HMAC-SHA256 under subkeys derived from the master key: without the master key,
 * a fingerprint shown in Slack cannot be used to confirm a guessed key. Derives the subkeys of every
 * configured KEK version once, so a row stamped under an older version stays checkable until it is
 * re-fingerprinted (lib/keys/upgrade-key-fingerprints).
 */
export async function createKeyFingerprinter(kms: KeyEncryptionService, versions: KekRef[] = []): Promise<KeyFingerprinter> {
  const current = kms.current();
  const keys = new Map<number, { fingerprint: Buffer; binding: Buffer }>();
  for (const ref of [current, ...versions]) {
    if (ref.kekId !== current.kekId || keys.has(ref.kekVersion)) continue;
    keys.set(ref.kekVersion, { fingerprint: await kms.deriveKey(FINGERPRINT_PURPOSE, ref), binding: await kms.deriveKey(BINDING_PURPOSE, ref) });
  }

  function keysFor(version: number) {
    const found = keys.get(version);
    if (!found) {
      throw new WardenError(
        ERROR_CODES.config,
        `Key fingerprints made under master key version ${version} cannot be checked: that version is not configured here. ` +
          'Add it to WARDEN_PREVIOUS_MASTER_KEYS until keys are re-fingerprinted (see README "Rotating the master key").',
        { kekVersion: version },
      );
    }
    return found;
  }

  const keyedFingerprint = (apiKey: string, version: number) =>
    KEYED_FINGERPRINT_PREFIX + createHmac('sha256', keysFor(version).fingerprint).update(apiKey, 'utf8').digest('hex').slice(0, FINGERPRINT_HEX);

  const bindingOf = (identity: KeyIdentity, fingerprint: string, version: number) =>
    createHmac('sha256', keysFor(version).binding)
      // A JSON array keeps the fields apart: no value can run into the next one.
      .update(JSON.stringify([BINDING_LABEL, identity.sealedSecretId, identity.provider, identity.environment, identity.baseUrl ?? null, fingerprint]), 'utf8')
      .digest('hex');

  function matches(apiKey: string, recorded: Pick<RecordedStamp, 'fingerprint' | 'fingerprintVersion'>): boolean {
    // Each kind is compared only with its own kind: a legacy value never meets a keyed one.
    if (recorded.fingerprintVersion === null) {
      return recorded.fingerprint.startsWith(LEGACY_PREFIX) && sameText(legacyFingerprint(apiKey), recorded.fingerprint);
    }
    // A version no longer configured cannot be recomputed, so nothing is recognised under it.
    if (!keys.has(recorded.fingerprintVersion) || !recorded.fingerprint.startsWith(KEYED_FINGERPRINT_PREFIX)) return false;
    return sameText(keyedFingerprint(apiKey, recorded.fingerprintVersion), recorded.fingerprint);
  }

  return {
    version: current.kekVersion,
    fingerprint: (apiKey) => keyedFingerprint(apiKey, current.kekVersion),
    stamp(apiKey, identity) {
      const fingerprint = keyedFingerprint(apiKey, current.kekVersion);
      return { fingerprint, fingerprintVersion: current.kekVersion, binding: bindingOf(identity, fingerprint, current.kekVersion) };
    },
    matches,
    check(apiKey, row) {
      if (row.fingerprintVersion === null || row.binding === null) return { ok: false, reason: 'legacy' };
      // An unconfigured version is the operator's to fix (keysFor names it), not evidence of tampering.
      keysFor(row.fingerprintVersion);
      if (!matches(apiKey, row)) return { ok: false, reason: 'fingerprint' };
      if (!sameText(bindingOf(row, row.fingerprint, row.fingerprintVersion), row.binding)) return { ok: false, reason: 'binding' };
      return { ok: true };
    },
  };
}

/** The fingerprint Warden stored before keyed fingerprints: only for recognising rows not yet re-fingerprinted. */
function legacyFingerprint(apiKey: string): string {
  return LEGACY_PREFIX + createHash('sha256').update(apiKey, 'utf8').digest('hex').slice(0, 12);
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
