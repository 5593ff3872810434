import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { API_KEY_PREFIX } from '../contracts/agents-and-api-keys';
import type { KekRef, KeyEncryptionService } from './kms';

// Its own HKDF purpose: the API-key hash key is unrelated to the fingerprint, binding and codec keys.
const HASH_PURPOSE = 'api-key-hash';
// 4 random bytes name a key (visible, for lists and rotation); 32 more are its secret (256 bits).
const ID_BYTES = 4;
const SECRET_BYTES = 32;
const KEY_SHAPE = new RegExp(`^${API_KEY_PREFIX}([0-9a-f]{${ID_BYTES * 2}})_([A-Za-z0-9_-]{43})$`);

export interface ApiKeyHasher {
  /** The master-key version new hashes are keyed under. */
  readonly version: number;
  /** A fresh key: the plaintext (shown once, never stored) with its prefix and keyed hash. */
  generate(): { apiKey: string; prefix: string; keyHash: string; hashVersion: number };
  /** The visible prefix of something shaped like a key, or null (so garbage never reaches the database). */
  prefixOf(apiKey: string): string | null;
  /** Constant-time check of a presented key against a stored hash (false under a version no longer configured). */
  matches(apiKey: string, stored: { keyHash: string; hashVersion: number }): boolean;
}

/**
 * Keys are stored only as HMAC-SHA256 under a key derived from the master key: a copy of the database does not
 * let anyone test guesses offline, and the key itself exists only in the creator's modal.
 */
export async function createApiKeyHasher(kms: KeyEncryptionService, versions: KekRef[] = []): Promise<ApiKeyHasher> {
  const current = kms.current();
  const keys = new Map<number, Buffer>();
  for (const ref of [current, ...versions]) {
    if (ref.kekId !== current.kekId || keys.has(ref.kekVersion)) continue;
    keys.set(ref.kekVersion, await kms.deriveKey(HASH_PURPOSE, ref));
  }
  const hash = (apiKey: string, version: number) => createHmac('sha256', keys.get(version)!).update(apiKey, 'utf8').digest('hex');
  return {
    version: current.kekVersion,
    generate() {
      const prefix = API_KEY_PREFIX + randomBytes(ID_BYTES).toString('hex');
      const apiKey = `${prefix}_${randomBytes(SECRET_BYTES).toString('base64url')}`;
      return { apiKey, prefix, keyHash: hash(apiKey, current.kekVersion), hashVersion: current.kekVersion };
    },
    prefixOf(apiKey) {
      const m = KEY_SHAPE.exec(apiKey);
      return m ? API_KEY_PREFIX + m[1] : null;
    },
    matches(apiKey, stored) {
      if (!keys.has(stored.hashVersion)) return false;
      const a = Buffer.from(hash(apiKey, stored.hashVersion), 'hex');
      const b = Buffer.from(stored.keyHash, 'hex');
      return a.length === b.length && timingSafeEqual(a, b);
    },
  };
}
