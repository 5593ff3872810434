import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeyEncryptionService, WrappedDataKey } from './kms';
import { SealedSecretUnreadableError } from './sealed-secret-unreadable-error';

export interface SealedChunk {
  iv: Buffer;
  authTag: Buffer;
  ciphertext: Buffer;
}

export interface ChunkWriter {
  wrapped: WrappedDataKey;
  seal(seq: number, plaintext: Buffer): SealedChunk;
  /** Wipes the data key; call when the last chunk is sealed (or on failure). */
  dispose(): void;
}

export interface ChunkReader {
  open(seq: number, chunk: SealedChunk): Buffer;
  dispose(): void;
}

/**
 * Envelope encryption for payloads too large to hold at once (export packages): one data key per payload,
 * wrapped by the KEK like every sealed secret, and AES-256-GCM per chunk. Each chunk's AAD binds the payload's
 * id and the chunk's place, so chunks cannot be swapped between packages or reordered; the caller stores the
 * chunk count and checks it, so a truncated payload does not read as whole.
 */
export function createChunkSealer(kms: KeyEncryptionService) {
  const aad = (context: string, seq: number) => Buffer.from(`${context}|chunk|${seq}`, 'utf8');
  return {
    async begin(context: string): Promise<ChunkWriter> {
      const dataKey = randomBytes(32);
      const wrapped = await kms.wrap(dataKey);
      return {
        wrapped,
        seal(seq, plaintext) {
          const iv = randomBytes(12);
          const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
          cipher.setAAD(aad(context, seq));
          const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
          return { iv, authTag: cipher.getAuthTag(), ciphertext };
        },
        dispose: () => dataKey.fill(0),
      };
    },

    async open(wrapped: WrappedDataKey, context: string): Promise<ChunkReader> {
      const where = { kekId: wrapped.kekId, kekVersion: wrapped.kekVersion };
      let dataKey: Buffer;
      try {
        dataKey = await kms.unwrap(wrapped);
      } catch {
        throw new SealedSecretUnreadableError(where);
      }
      return {
        open(seq, chunk) {
          try {
            const decipher = createDecipheriv('aes-256-gcm', dataKey, chunk.iv);
            decipher.setAAD(aad(context, seq));
            decipher.setAuthTag(chunk.authTag);
            return Buffer.concat([decipher.update(chunk.ciphertext), decipher.final()]);
          } catch {
            throw new SealedSecretUnreadableError(where);
          }
        },
        dispose: () => dataKey.fill(0),
      };
    },
  };
}

export type ChunkSealer = ReturnType<typeof createChunkSealer>;
