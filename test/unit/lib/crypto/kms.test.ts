import { randomBytes } from 'node:crypto';
import { ERROR_CODES } from '../../../../lib/errors';
import { createLocalKms, parseMasterKey } from '../../../../lib/crypto/kms';

/** The error a promise rejects with; fails the test if it resolves. */
async function rejectionOf(p: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await p;
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected the promise to reject');
}

const keyV1 = randomBytes(32);
const keyV2 = randomBytes(32);

describe('parseMasterKey', () => {
  it('accepts 32 bytes of base64, as printed by openssl rand -base64 32', () => {
    const key = randomBytes(32);
    expect(parseMasterKey(key.toString('base64')).equals(key)).toBe(true);
    expect(parseMasterKey(`  ${key.toString('base64')}\n`).equals(key)).toBe(true);
  });

  it.each([
    ['16 bytes', randomBytes(16).toString('base64'), 'decodes to 16'],
    ['33 bytes', randomBytes(33).toString('base64'), 'decodes to 33'],
    ['an empty value', '', 'decodes to 0'],
    ['hex instead of base64 (64 chars decode to 48 bytes)', randomBytes(32).toString('hex'), 'decodes to 48'],
  ])('rejects %s, saying how long it actually was', (_label, value, detail) => {
    expect(() => parseMasterKey(value)).toThrow(/exactly 32 bytes/);
    expect(() => parseMasterKey(value)).toThrow(detail);
  });

  it('rejects text that is not base64 without echoing it', () => {
    const value = 'not base64 at all! secret-ish';
    let message = '';
    try {
      parseMasterKey(value);
    } catch (err) {
      message = (err as Error).message;
      expect(err).toMatchObject({ code: ERROR_CODES.config });
    }
    expect(message).toMatch(/not valid base64/);
    expect(message).not.toContain('secret-ish');
  });
});

describe('createLocalKms', () => {
  it('wraps under the current version and unwraps with any configured version', async () => {
    const oldKms = createLocalKms({ current: { version: 1, key: keyV1 } });
    const dataKey = randomBytes(32);
    const wrappedOld = await oldKms.wrap(dataKey);
    expect(wrappedOld).toMatchObject({ kekId: 'local', kekVersion: 1 });

    const kms = createLocalKms({ current: { version: 2, key: keyV2 }, previous: [{ version: 1, key: keyV1 }] });
    const wrappedNew = await kms.wrap(dataKey);
    expect(wrappedNew).toMatchObject({ kekId: 'local', kekVersion: 2 });
    expect((await kms.unwrap(wrappedOld)).equals(dataKey)).toBe(true);
    expect((await kms.unwrap(wrappedNew)).equals(dataKey)).toBe(true);
    expect(wrappedNew.wrappedKey.includes(dataKey)).toBe(false);
  });

  it('names the kek id and version it does not have, and no key material', async () => {
    const kms = createLocalKms({ kekId: 'prod', current: { version: 1, key: keyV1 } });
    const wrapped = { kekId: 'prod', kekVersion: 7, wrappedKey: randomBytes(61) };
    const err = await rejectionOf(kms.unwrap(wrapped));
    expect(err.message).toContain("'prod' version 7");
    expect(err.code).toBe(ERROR_CODES.config);
    expect(err.message).not.toContain(keyV1.toString('base64'));
    await expect(kms.unwrap({ ...wrapped, kekId: 'other', kekVersion: 1 })).rejects.toThrow("'other' version 1");
  });

  it('refuses a wrapped key relabelled with a different version of the same KEK', async () => {
    const kms = createLocalKms({ current: { version: 2, key: keyV2 }, previous: [{ version: 1, key: keyV2 }] });
    const wrapped = await kms.wrap(randomBytes(32));
    // Same key bytes under both versions: only the version binding can catch the relabel.
    await expect(kms.unwrap({ ...wrapped, kekVersion: 1 })).rejects.toMatchObject({ code: ERROR_CODES.sealedSecretUnreadable });
  });

  it('derives purpose-bound keys that are stable, distinct per purpose and version, and not the master key', async () => {
    const kms = createLocalKms({ current: { version: 2, key: keyV2 }, previous: [{ version: 1, key: keyV1 }] });
    const a = await kms.deriveKey('temporal-payload-codec');
    expect(a).toHaveLength(32);
    expect((await kms.deriveKey('temporal-payload-codec', { kekId: 'local', kekVersion: 2 })).equals(a)).toBe(true);
    expect((await kms.deriveKey('webhook-signing')).equals(a)).toBe(false);
    expect((await kms.deriveKey('temporal-payload-codec', { kekId: 'local', kekVersion: 1 })).equals(a)).toBe(false);
    expect(a.equals(keyV2)).toBe(false);
    // A second process with the same master key derives the same codec key: workers and the codec server agree.
    const again = createLocalKms({ current: { version: 2, key: Buffer.from(keyV2) } });
    expect((await again.deriveKey('temporal-payload-codec')).equals(a)).toBe(true);
  });

  it('rejects master keys of the wrong size and duplicate versions at start-up', () => {
    expect(() => createLocalKms({ current: { version: 1, key: randomBytes(16) } })).toThrow('must be 32 bytes; got 16');
    expect(() =>
      createLocalKms({ current: { version: 1, key: keyV1 }, previous: [{ version: 1, key: keyV2 }] }),
    ).toThrow('configured twice');
  });
});
