import { randomBytes } from 'node:crypto';
import { createLocalKms, createSecretSealer } from '../../lib/crypto';
import { createSealedSecretRepository } from '../../lib/db';
import { rewrapSealedSecrets } from '../../lib/keys/rewrap-sealed-secrets';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

test('after a master key rotation every secret moves to the new version and the old key can be retired', async () => {
  const v1 = randomBytes(32);
  const v2 = randomBytes(32);
  const repo = createSealedSecretRepository(db.prisma);
  const oldSealer = createSecretSealer(createLocalKms({ current: { version: 1, key: v1 } }));
  const secrets = Array.from({ length: 5 }, (_, i) => ({ id: `sec_rewrap_${i}`, plaintext: `sk-proj-secret-number-${i}-abcdefghijkl` }));
  for (const s of secrets) await repo.put(s.id, await oldSealer.seal(s.plaintext, s.id));
  const before = await repo.get('sec_rewrap_0');

  const rotatedKms = createLocalKms({ current: { version: 2, key: v2 }, previous: [{ version: 1, key: v1 }] });
  const result = await rewrapSealedSecrets({
    sealedSecrets: repo,
    sealer: createSecretSealer(rotatedKms),
    oldVersions: [{ kekId: 'local', kekVersion: 1 }],
    batchSize: 2,
  });

  expect(result).toEqual({ rewrapped: 5 });
  expect(await repo.listIdsByKek('local', 1, 10)).toEqual([]);
  const after = await repo.get('sec_rewrap_0');
  expect(after?.kekVersion).toBe(2);
  // The payload was not re-encrypted: only the wrapped data key changed.
  expect(after?.ciphertext.equals(before!.ciphertext)).toBe(true);
  expect(after?.wrappedKey.equals(before!.wrappedKey)).toBe(false);
  // Version 1 can now be dropped from configuration.
  const newOnly = createSecretSealer(createLocalKms({ current: { version: 2, key: v2 } }));
  for (const s of secrets) expect(await newOnly.open((await repo.get(s.id))!, s.id)).toBe(s.plaintext);
  // Running it again finds nothing to do.
  expect(await rewrapSealedSecrets({ sealedSecrets: repo, sealer: createSecretSealer(rotatedKms), oldVersions: [{ kekId: 'local', kekVersion: 1 }] })).toEqual({ rewrapped: 0 });
});
