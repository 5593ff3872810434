import { randomBytes } from 'node:crypto';
import { ERROR_CODES } from '../../../../lib/errors';
import { createLocalKms } from '../../../../lib/crypto/kms';
import { createSecretSealer, type SealedEnvelope } from '../../../../lib/crypto/envelope';
import { SealedSecretUnreadableError } from '../../../../lib/crypto/sealed-secret-unreadable-error';

/** The error a promise rejects with; fails the test if it resolves. */
async function rejectionOf(p: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await p;
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected the promise to reject');
}

const SECRET = 'sk-proj-' + 'Zq8xL2mN4pR6tV0wY3bD5fH7jK9'.repeat(3);
const KEY_ID = 'key_01HZY3K9';
const v1 = { version: 1, key: randomBytes(32) };
const v2 = { version: 2, key: randomBytes(32) };
const kmsV1 = createLocalKms({ current: v1 });
const kmsV2 = createLocalKms({ current: v2, previous: [v1] });

function flip(buf: Buffer, at = 0): Buffer {
  const copy = Buffer.from(buf);
  copy[at] = (copy[at] ?? 0) ^ 0x01;
  return copy;
}

describe('createSecretSealer', () => {
  const sealer = createSecretSealer(kmsV1);

  it('opens what it sealed', async () => {
    const envelope = await sealer.seal(SECRET, KEY_ID);
    expect(envelope).toMatchObject({ kekId: 'local', kekVersion: 1 });
    await expect(sealer.open(envelope, KEY_ID)).resolves.toBe(SECRET);
  });

  it('round-trips empty and non-ASCII secrets', async () => {
    for (const text of ['', 'pässwörd-🔑-ключ']) {
      await expect(sealer.open(await sealer.seal(text, KEY_ID), KEY_ID)).resolves.toBe(text);
    }
  });

  it('never puts the plaintext (or any long piece of it) into any field of the envelope', async () => {
    const envelope = await sealer.seal(SECRET, KEY_ID);
    const fields = Object.values(envelope).map((v) => (Buffer.isBuffer(v) ? v : Buffer.from(String(v))));
    for (const field of fields) {
      expect(field.includes(Buffer.from(SECRET))).toBe(false);
      expect(field.includes(Buffer.from(SECRET.slice(8, 24)))).toBe(false);
      expect(field.toString('base64')).not.toContain(Buffer.from(SECRET).toString('base64').slice(0, 16));
    }
  });

  it('gives a different ciphertext, iv and wrapped key each time the same secret is sealed', async () => {
    const a = await sealer.seal(SECRET, KEY_ID);
    const b = await sealer.seal(SECRET, KEY_ID);
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
    expect(a.iv.equals(b.iv)).toBe(false);
    expect(a.wrappedKey.equals(b.wrappedKey)).toBe(false);
  });

  describe('refuses an envelope that was altered or moved', () => {
    let envelope: SealedEnvelope;
    beforeAll(async () => {
      envelope = await sealer.seal(SECRET, KEY_ID);
    });

    it.each<[string, (e: SealedEnvelope) => SealedEnvelope, string?]>([
      ['a flipped ciphertext bit', (e) => ({ ...e, ciphertext: flip(e.ciphertext) })],
      ['a flipped auth tag bit', (e) => ({ ...e, authTag: flip(e.authTag) })],
      ['a changed iv', (e) => ({ ...e, iv: flip(e.iv) })],
      ['a truncated auth tag', (e) => ({ ...e, authTag: e.authTag.subarray(0, 8) })],
      ['a damaged wrapped key', (e) => ({ ...e, wrappedKey: flip(e.wrappedKey, 20) })],
      ["another record's id as context", (e) => e, 'key_01OTHER'],
    ])('%s', async (_label, tamper, context = KEY_ID) => {
      const err = await rejectionOf(sealer.open(tamper(envelope), context));
      expect(err).toBeInstanceOf(SealedSecretUnreadableError);
      expect(err).toMatchObject({ code: ERROR_CODES.sealedSecretUnreadable });
      expect(err.message).not.toContain(SECRET.slice(-4));
      expect(err.message).toMatch(/could not be decrypted/);
    });

    it('an envelope moved onto a record sealed under another envelope (data key swap)', async () => {
      const other = await sealer.seal('sk-other-secret-value-000000', KEY_ID);
      await expect(sealer.open({ ...envelope, wrappedKey: other.wrappedKey }, KEY_ID)).rejects.toBeInstanceOf(
        SealedSecretUnreadableError,
      );
    });
  });

  describe('rewrap after a master key rotation', () => {
    it('moves the data key under the new version without touching the payload bytes', async () => {
      const old = await createSecretSealer(kmsV1).seal(SECRET, KEY_ID);
      const rotated = await createSecretSealer(kmsV2).rewrap(old);

      expect(rotated).toMatchObject({ kekId: 'local', kekVersion: 2 });
      expect(rotated.ciphertext.equals(old.ciphertext)).toBe(true);
      expect(rotated.iv.equals(old.iv)).toBe(true);
      expect(rotated.authTag.equals(old.authTag)).toBe(true);
      expect(rotated.wrappedKey.equals(old.wrappedKey)).toBe(false);

      await expect(createSecretSealer(kmsV2).open(rotated, KEY_ID)).resolves.toBe(SECRET);
      // Only v2 is needed from now on: the old master key can be retired.
      await expect(createSecretSealer(createLocalKms({ current: v2 })).open(rotated, KEY_ID)).resolves.toBe(SECRET);
    });

    it('leaves a process that only knows the old version unable to read it, naming the missing version', async () => {
      const rotated = await createSecretSealer(kmsV2).rewrap(await createSecretSealer(kmsV1).seal(SECRET, KEY_ID));
      const err = await rejectionOf(createSecretSealer(kmsV1).open(rotated, KEY_ID));
      expect(err).toMatchObject({ code: ERROR_CODES.config });
      expect(err.message).toContain("'local' version 2");
    });

    it('still opens envelopes not yet rewrapped while both versions are configured', async () => {
      const old = await createSecretSealer(kmsV1).seal(SECRET, KEY_ID);
      await expect(createSecretSealer(kmsV2).open(old, KEY_ID)).resolves.toBe(SECRET);
    });

    it('is a no-op for envelopes already under the current version', async () => {
      const envelope = await createSecretSealer(kmsV2).seal(SECRET, KEY_ID);
      const again = await createSecretSealer(kmsV2).rewrap(envelope);
      expect(again.wrappedKey.equals(envelope.wrappedKey)).toBe(true);
      await expect(createSecretSealer(kmsV2).open(again, KEY_ID)).resolves.toBe(SECRET);
    });
  });

  it('refuses to seal without a context, since the context is what binds a secret to its record', async () => {
    await expect(sealer.seal(SECRET, '')).rejects.toMatchObject({ code: ERROR_CODES.invalidInput });
  });
});
