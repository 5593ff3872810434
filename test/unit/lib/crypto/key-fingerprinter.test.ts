import { createHash, randomBytes } from 'node:crypto';
import { createKeyFingerprinter, type KeyIdentity } from '../../../../lib/crypto/key-fingerprinter';
import { createLocalKms } from '../../../../lib/crypto/kms';
import { ERROR_CODES } from '../../../../lib/errors';

const body = 'Zq8xL2mN4pR6tV0wY3bD5fH7jK9aB1cD3eF5gH7';
const KEY = `sk-proj-${body}`;
const OTHER = `sk-proj-${body.slice(0, -1)}Q`;
const v1 = { version: 1, key: randomBytes(32) };
const v2 = { version: 2, key: randomBytes(32) };
const identity: KeyIdentity = { sealedSecretId: 'sec_0123', provider: 'openai', environment: 'production', baseUrl: null };
const legacyOf = (key: string) => 'fp_' + createHash('sha256').update(key).digest('hex').slice(0, 12);

describe('keyed fingerprints', () => {
  test('are fpk_ + 16 hex, stable, and reveal nothing of the key', async () => {
    const fingerprints = await createKeyFingerprinter(createLocalKms({ current: v1 }));
    const fp = fingerprints.fingerprint(KEY);
    expect(fp).toMatch(/^fpk_[0-9a-f]{16}$/);
    expect(fingerprints.fingerprint(KEY)).toBe(fp);
    expect(fp).not.toContain(body.slice(-4));
    expect(fingerprints.fingerprint(OTHER)).not.toBe(fp);
  });

  test('cannot be confirmed by guessing without the master key: an unkeyed hash or another master key gives another value', async () => {
    const fp = (await createKeyFingerprinter(createLocalKms({ current: v1 }))).fingerprint(KEY);
    const elsewhere = (await createKeyFingerprinter(createLocalKms({ current: { version: 1, key: randomBytes(32) } }))).fingerprint(KEY);
    expect(elsewhere).not.toBe(fp);
    const unkeyedHex = createHash('sha256').update(KEY).digest('hex');
    expect(unkeyedHex).not.toContain(fp.slice(4));
  });

  test('a stored key passes its check only with its own secret and its own identity', async () => {
    const fingerprints = await createKeyFingerprinter(createLocalKms({ current: v1 }));
    const row = { ...identity, ...fingerprints.stamp(KEY, identity) };
    expect(row.fingerprintVersion).toBe(1);
    expect(fingerprints.check(KEY, row)).toEqual({ ok: true });
    // Another row's secret behind this row: the fingerprint gives it away.
    expect(fingerprints.check(OTHER, row)).toEqual({ ok: false, reason: 'fingerprint' });
    // The row relabelled or pointed elsewhere: the binding gives it away, even with the right key.
    for (const changed of [{ environment: 'staging' }, { provider: 'anthropic' }, { sealedSecretId: 'sec_9999' }, { baseUrl: 'https://attacker.example/v1' }]) {
      expect(fingerprints.check(KEY, { ...row, ...changed })).toEqual({ ok: false, reason: 'binding' });
    }
    // Both swapped together (the other row's secret and fingerprint): still the binding.
    const otherStamp = fingerprints.stamp(OTHER, { ...identity, sealedSecretId: 'sec_other', environment: 'staging' });
    expect(fingerprints.check(OTHER, { ...row, fingerprint: otherStamp.fingerprint })).toEqual({ ok: false, reason: 'binding' });
    expect(fingerprints.check(KEY, { ...row, binding: null })).toEqual({ ok: false, reason: 'legacy' });
  });

  test('legacy fingerprints are recognised only as legacy, never compared with keyed ones', async () => {
    const fingerprints = await createKeyFingerprinter(createLocalKms({ current: v1 }));
    const keyed = fingerprints.fingerprint(KEY);
    expect(fingerprints.matches(KEY, { fingerprint: legacyOf(KEY), fingerprintVersion: null })).toBe(true);
    expect(fingerprints.matches(OTHER, { fingerprint: legacyOf(KEY), fingerprintVersion: null })).toBe(false);
    expect(fingerprints.matches(KEY, { fingerprint: keyed, fingerprintVersion: 1 })).toBe(true);
    expect(fingerprints.matches(KEY, { fingerprint: keyed, fingerprintVersion: null })).toBe(false);
    expect(fingerprints.matches(KEY, { fingerprint: legacyOf(KEY), fingerprintVersion: 1 })).toBe(false);
    // A legacy row carries no binding, so it can never pass the check that guards use.
    expect(fingerprints.check(KEY, { ...identity, fingerprint: legacyOf(KEY), fingerprintVersion: null, binding: null })).toEqual({ ok: false, reason: 'legacy' });
  });

  test('after a master-key rotation, rows stamped under the old version stay checkable while it is configured', async () => {
    const before = await createKeyFingerprinter(createLocalKms({ current: v1 }));
    const row = { ...identity, ...before.stamp(KEY, identity) };
    const rotated = await createKeyFingerprinter(createLocalKms({ current: v2, previous: [v1] }), [{ kekId: 'local', kekVersion: 1 }]);
    expect(rotated.version).toBe(2);
    expect(rotated.check(KEY, row)).toEqual({ ok: true });
    expect(rotated.fingerprint(KEY)).not.toBe(row.fingerprint);
    expect(rotated.stamp(KEY, identity).fingerprintVersion).toBe(2);

    const oldRemoved = await createKeyFingerprinter(createLocalKms({ current: v2 }));
    expect(oldRemoved.matches(KEY, row)).toBe(false);
    expect(() => oldRemoved.check(KEY, row)).toThrow(expect.objectContaining({ code: ERROR_CODES.config, message: expect.stringContaining('version 1') }));
  });
});
