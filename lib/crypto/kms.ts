import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { ERROR_CODES, WardenError } from '../errors';

export interface KekRef {
  kekId: string;
  kekVersion: number;
}

export interface WrappedDataKey extends KekRef {
  wrappedKey: Buffer;
}

/**
 * The key-encryption key (KEK) behind envelope encryption. Only this interface crosses into the rest of
 * Warden, so a cloud KMS can replace the local implementation without touching sealed data's shape.
 */
export interface KeyEncryptionService {
  current(): KekRef;
  /** Always wraps under `current()`. */
  wrap(dataKey: Buffer): Promise<WrappedDataKey>;
  /** Unwraps under whichever known version the wrapped key names. */
  unwrap(wrapped: WrappedDataKey): Promise<Buffer>;
  /** Derives a purpose-bound 32-byte key from the KEK version (HKDF-SHA256), e.g. for the Temporal payload codec. */
  deriveKey(purpose: string, ref?: KekRef): Promise<Buffer>;
}

export interface LocalKmsOptions {
  kekId?: string;
  current: { version: number; key: Buffer };
  previous?: Array<{ version: number; key: Buffer }>;
}

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
// Leading byte of every wrapped key, so the layout can change later without guessing at old blobs.
const WRAP_FORMAT_V1 = 0x01;
// A fixed, public salt: HKDF only needs it to separate Warden's derivations from any other use of the key.
const HKDF_SALT = Buffer.from('warden-kek-hkdf-v1', 'utf8');

/**
 * A KMS whose master keys live in this process (from WARDEN_MASTER_KEY and its previous versions).
 * The raw master key is never used directly: wrapping and each `deriveKey` purpose get their own
 * HKDF subkey, so one key is never used for two different jobs.
 */
export function createLocalKms(opts: LocalKmsOptions): KeyEncryptionService {
  const kekId = opts.kekId ?? 'local';
  const masters = new Map<number, Buffer>();
  for (const { version, key } of [opts.current, ...(opts.previous ?? [])]) {
    if (!Number.isInteger(version) || version < 1) {
      throw new WardenError(ERROR_CODES.config, `Key-encryption key versions must be positive integers; got ${String(version)}.`);
    }
    if (masters.has(version)) {
      throw new WardenError(ERROR_CODES.config, `Key-encryption key '${kekId}' version ${version} is configured twice.`);
    }
    if (key.length !== KEY_BYTES) {
      throw new WardenError(
        ERROR_CODES.config,
        `Key-encryption key '${kekId}' version ${version} must be ${KEY_BYTES} bytes; got ${key.length}.`,
      );
    }
    masters.set(version, Buffer.from(key));
  }
  const currentRef: KekRef = Object.freeze({ kekId, kekVersion: opts.current.version });

  function masterFor(ref: KekRef): Buffer {
    const master = ref.kekId === kekId ? masters.get(ref.kekVersion) : undefined;
    if (!master) {
      throw new WardenError(
        ERROR_CODES.config,
        `Key-encryption key '${ref.kekId}' version ${ref.kekVersion} is not configured here; ` +
          'add it to the previous master keys to read data sealed under it.',
        { kekId: ref.kekId, kekVersion: ref.kekVersion },
      );
    }
    return master;
  }

  function subkey(ref: KekRef, info: string): Buffer {
    return Buffer.from(hkdfSync('sha256', masterFor(ref), HKDF_SALT, `${info}|${ref.kekId}|v${ref.kekVersion}`, KEY_BYTES));
  }

  // The wrapped key is bound to its KEK id and version as AAD, so relabelling a blob fails loudly.
  const aadFor = (ref: KekRef) => Buffer.from(`warden-wrap|${ref.kekId}|v${ref.kekVersion}`, 'utf8');

  return {
    current: () => ({ ...currentRef }),

    async wrap(dataKey) {
      const ref = currentRef;
      const wrapKey = subkey(ref, 'warden/data-key-wrap');
      try {
        const iv = randomBytes(IV_BYTES);
        const cipher = createCipheriv('aes-256-gcm', wrapKey, iv);
        cipher.setAAD(aadFor(ref));
        const ciphertext = Buffer.concat([cipher.update(dataKey), cipher.final()]);
        const wrappedKey = Buffer.concat([Buffer.of(WRAP_FORMAT_V1), iv, cipher.getAuthTag(), ciphertext]);
        return { kekId: ref.kekId, kekVersion: ref.kekVersion, wrappedKey };
      } finally {
        wrapKey.fill(0);
      }
    },

    async unwrap(wrapped) {
      const ref = { kekId: wrapped.kekId, kekVersion: wrapped.kekVersion };
      const wrapKey = subkey(ref, 'warden/data-key-wrap');
      try {
        const blob = wrapped.wrappedKey;
        if (blob.length <= 1 + IV_BYTES + TAG_BYTES || blob[0] !== WRAP_FORMAT_V1) {
          throw new Error('unrecognised wrapped key layout');
        }
        const iv = blob.subarray(1, 1 + IV_BYTES);
        const tag = blob.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
        const decipher = createDecipheriv('aes-256-gcm', wrapKey, iv);
        decipher.setAAD(aadFor(ref));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(blob.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
      } catch {
        // Deliberately no cause: the crypto error adds nothing a person can act on.
        throw new WardenError(
          ERROR_CODES.sealedSecretUnreadable,
          `A data key wrapped under '${ref.kekId}' version ${ref.kekVersion} failed authentication; it was altered or damaged.`,
          { kekId: ref.kekId, kekVersion: ref.kekVersion },
        );
      } finally {
        wrapKey.fill(0);
      }
    },

    async deriveKey(purpose, ref = currentRef) {
      if (!purpose) throw new Error('deriveKey needs a purpose so derived keys stay separate.');
      return subkey(ref, `warden/derived/${purpose}`);
    },
  };
}

/**
 * Decodes a base64 master key (as printed by `openssl rand -base64 32`). The message never echoes
 * the value, because this runs on secrets read from the environment.
 */
export function parseMasterKey(base64: string): Buffer {
  const text = base64.trim();
  // Buffer.from skips characters it does not understand, so check the alphabet first.
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) && !/^[A-Za-z0-9_-]*={0,2}$/.test(text)) {
    throw new WardenError(
      ERROR_CODES.config,
      'The master key is not valid base64. Generate one with `openssl rand -base64 32`.',
    );
  }
  const key = Buffer.from(text, 'base64');
  if (key.length !== KEY_BYTES) {
    throw new WardenError(
      ERROR_CODES.config,
      `The master key must decode to exactly ${KEY_BYTES} bytes; it decodes to ${key.length}. ` +
        'Generate one with `openssl rand -base64 32`.',
    );
  }
  return key;
}
