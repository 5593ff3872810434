import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, ValueError, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { KekRef, KeyEncryptionService } from '../crypto/kms';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const METADATA_ENCRYPTION_KEY_ID = 'encryption-key-id';
export const CODEC_KEY_PURPOSE = 'temporal-payload-codec';

export interface CodecKeyring {
  currentKeyId: string;
  keys: Map<string, Buffer>;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypts every payload Temporal stores (inputs, results, signals, memos) with AES-256-GCM, as
 * in temporalio/samples-typescript `encryption/`. The key id travels in the payload's metadata,
 * so history written before a key rotation still decodes while the old key stays in the keyring.
 * This is the second line of defence: workflows only ever carry sealed references, never secrets.
 */
export function createEncryptionCodec(keyring: CodecKeyring): PayloadCodec {
  const keys = new Map<string, Buffer>();
  for (const [id, key] of keyring.keys) {
    if (key.length !== 32) throw new Error(`Payload codec key '${id}' must be 32 bytes; got ${key.length}.`);
    keys.set(id, Buffer.from(key));
  }
  const currentKey = keys.get(keyring.currentKeyId);
  if (!currentKey) throw new Error(`Payload codec key '${keyring.currentKeyId}' is current but not in the keyring.`);
  const currentKeyId = Buffer.from(keyring.currentKeyId, 'utf8');
  const encodingBytes = Buffer.from(ENCRYPTED_ENCODING, 'utf8');

  return {
    async encode(payloads: Payload[]): Promise<Payload[]> {
      return payloads.map((payload) => ({
        metadata: {
          [METADATA_ENCODING_KEY]: encodingBytes,
          [METADATA_ENCRYPTION_KEY_ID]: currentKeyId,
        },
        // The whole payload, metadata included, is encrypted: the original encoding says what kind of value it is.
        data: encrypt(temporal.api.common.v1.Payload.encode(payload).finish(), currentKey),
      }));
    },

    async decode(payloads: Payload[]): Promise<Payload[]> {
      return payloads.map((payload) => {
        const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
        if (!encoding || Buffer.from(encoding).toString('utf8') !== ENCRYPTED_ENCODING) return payload;

        const keyIdBytes = payload.metadata?.[METADATA_ENCRYPTION_KEY_ID];
        if (!keyIdBytes) throw new ValueError('Encrypted payload has no encryption-key-id; it cannot be decrypted.');
        const keyId = Buffer.from(keyIdBytes).toString('utf8');
        const key = keys.get(keyId);
        if (!key) {
          throw new ValueError(`Payload was encrypted with codec key '${keyId}', which is not in this process's keyring.`);
        }
        if (!payload.data) throw new ValueError(`Encrypted payload under codec key '${keyId}' has no data.`);
        let plain: Buffer;
        try {
          plain = decrypt(payload.data, key);
        } catch {
          throw new ValueError(`Payload under codec key '${keyId}' failed authentication; it was altered or damaged.`);
        }
        return temporal.api.common.v1.Payload.decode(plain);
      });
    },
  };
}

/**
 * One codec key per KEK version, derived rather than stored, so rotating the master key rotates
 * the codec key too. Pass every version whose history may still be read; the current one is
 * always included.
 */
export async function codecKeysFromKms(kms: KeyEncryptionService, versions: KekRef[]): Promise<CodecKeyring> {
  const current = kms.current();
  const refs = [current, ...versions];
  const keys = new Map<string, Buffer>();
  for (const ref of refs) {
    const id = codecKeyId(ref);
    if (!keys.has(id)) keys.set(id, await kms.deriveKey(CODEC_KEY_PURPOSE, ref));
  }
  return { currentKeyId: codecKeyId(current), keys };
}

export function codecKeyId(ref: KekRef): string {
  return `${ref.kekId}-v${ref.kekVersion}`;
}

// Layout iv | ciphertext | tag, the same as the Temporal samples in every SDK.
function encrypt(plain: Uint8Array, key: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  return Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

function decrypt(data: Uint8Array, key: Buffer): Buffer {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new Error('too short');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
}
