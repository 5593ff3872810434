import { randomBytes } from 'node:crypto';
import { createChunkSealer } from '../../../../lib/crypto/chunked-envelope';
import { createLocalKms } from '../../../../lib/crypto/kms';
import { SealedSecretUnreadableError } from '../../../../lib/crypto/sealed-secret-unreadable-error';

const kms = createLocalKms({ current: { version: 1, key: randomBytes(32) } });
const sealer = createChunkSealer(kms);

test('chunks sealed for a package open in place, and only there', async () => {
  const writer = await sealer.begin('dsar-package:a');
  const plain = [Buffer.from('{"_table":"platform.messages","text":"hello"}\n'), randomBytes(4096)];
  const sealed = plain.map((p, seq) => writer.seal(seq, p));
  writer.dispose();
  expect(sealed[0]!.ciphertext.includes(Buffer.from('hello'))).toBe(false);

  const reader = await sealer.open(writer.wrapped, 'dsar-package:a');
  expect(sealed.map((c, seq) => reader.open(seq, c))).toEqual(plain);
  // Reordered chunks, a chunk of another package, or a flipped bit do not open.
  expect(() => reader.open(1, sealed[0]!)).toThrow(SealedSecretUnreadableError);
  const tampered = { ...sealed[0]!, ciphertext: Buffer.from(sealed[0]!.ciphertext) };
  tampered.ciphertext[0]! ^= 1;
  expect(() => reader.open(0, tampered)).toThrow(SealedSecretUnreadableError);
  const elsewhere = await sealer.open(writer.wrapped, 'dsar-package:b');
  expect(() => elsewhere.open(0, sealed[0]!)).toThrow(SealedSecretUnreadableError);
});
