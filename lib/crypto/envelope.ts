import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ERROR_CODES, WardenError, isWardenError } from '../errors';
import type { KeyEncryptionService } from './kms';
import { SealedSecretUnreadableError } from './sealed-secret-unreadable-error';

export interface SealedEnvelope {
  ciphertext: Buffer;
  iv: Buffer;
  authTag: Buffer;
  wrappedKey: Buffer;
  kekId: string;
  kekVersion: number;
}

export interface SecretSealer {
  /** Seals under a fresh data key; `context` (the secret's id) is bound as AAD. */
  seal(plaintext: string, context: string): Promise<SealedEnvelope>;
  /** Throws SealedSecretUnreadableError on tampering or the wrong context. */
  open(envelope: SealedEnvelope, context: string): Promise<string>;
  /** Moves the data key under the current KEK version; the payload bytes are untouched. */
  rewrap(envelope: SealedEnvelope): Promise<SealedEnvelope>;
}

const DATA_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Envelope encryption: each secret gets its own random data key, and only the data key is
 * encrypted under the KEK. Rotating the KEK therefore rewraps 60 bytes per secret and never
 * decrypts a provider key.
 */
export function createSecretSealer(kms: KeyEncryptionService): SecretSealer {
  return {
    async seal(plaintext, context) {
      requireContext(context);
      const dataKey = randomBytes(DATA_KEY_BYTES);
      try {
        const iv = randomBytes(IV_BYTES);
        const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
        // Binding the secret's id means a row's ciphertext copied onto another row will not open.
        cipher.setAAD(Buffer.from(context, 'utf8'));
        const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
        const authTag = cipher.getAuthTag();
        const wrapped = await kms.wrap(dataKey);
        return { ciphertext, iv, authTag, wrappedKey: wrapped.wrappedKey, kekId: wrapped.kekId, kekVersion: wrapped.kekVersion };
      } finally {
        dataKey.fill(0);
      }
    },

    async open(envelope, context) {
      requireContext(context);
      const where = { kekId: envelope.kekId, kekVersion: envelope.kekVersion };
      const dataKey = await unwrapOrExplain(kms, envelope, where);
      try {
        if (envelope.iv.length !== IV_BYTES || envelope.authTag.length !== TAG_BYTES) {
          throw new SealedSecretUnreadableError(where);
        }
        const decipher = createDecipheriv('aes-256-gcm', dataKey, envelope.iv);
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(envelope.authTag);
        return Buffer.concat([decipher.update(envelope.ciphertext), decipher.final()]).toString('utf8');
      } catch (err) {
        if (err instanceof SealedSecretUnreadableError) throw err;
        throw new SealedSecretUnreadableError(where);
      } finally {
        dataKey.fill(0);
      }
    },

    async rewrap(envelope) {
      const current = kms.current();
      const copy = (e: SealedEnvelope): SealedEnvelope => ({
        ...e,
        ciphertext: Buffer.from(e.ciphertext),
        iv: Buffer.from(e.iv),
        authTag: Buffer.from(e.authTag),
        wrappedKey: Buffer.from(e.wrappedKey),
      });
      if (envelope.kekId === current.kekId && envelope.kekVersion === current.kekVersion) return copy(envelope);

      const dataKey = await unwrapOrExplain(kms, envelope, { kekId: envelope.kekId, kekVersion: envelope.kekVersion });
      try {
        const wrapped = await kms.wrap(dataKey);
        return { ...copy(envelope), wrappedKey: wrapped.wrappedKey, kekId: wrapped.kekId, kekVersion: wrapped.kekVersion };
      } finally {
        dataKey.fill(0);
      }
    },
  };
}

/**
 * A missing KEK version is an operator's configuration problem and keeps its own message (naming
 * the version to configure); every other unwrap failure reads as an unreadable secret.
 */
async function unwrapOrExplain(kms: KeyEncryptionService, envelope: SealedEnvelope, where: Record<string, unknown>): Promise<Buffer> {
  try {
    return await kms.unwrap({ kekId: envelope.kekId, kekVersion: envelope.kekVersion, wrappedKey: envelope.wrappedKey });
  } catch (err) {
    if (isWardenError(err) && err.code === ERROR_CODES.config) throw err;
    throw new SealedSecretUnreadableError(where);
  }
}

function requireContext(context: string): void {
  if (!context) {
    throw new WardenError(ERROR_CODES.invalidInput, "A sealed secret needs its record's id as context.");
  }
}
