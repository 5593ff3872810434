import { randomBytes } from 'node:crypto';
import type { SealedEnvelope } from '../../../../lib/crypto/envelope';
import { ERROR_CODES } from '../../../../lib/errors';
import { createSealedSecretRepository } from '../../../../lib/db/repositories/sealed-secrets';
import { createTestDatabase, type TestDatabase } from '../../../helpers/database';

const envelope = (kekVersion = 1): SealedEnvelope => ({
  ciphertext: randomBytes(48), iv: randomBytes(12), authTag: randomBytes(16), wrappedKey: randomBytes(60), kekId: 'local', kekVersion,
});

describe('sealed secret repository', () => {
  let db: TestDatabase;
  let secrets: ReturnType<typeof createSealedSecretRepository>;
  beforeEach(async () => {
    db = await createTestDatabase();
    secrets = createSealedSecretRepository(db.prisma);
  });
  afterEach(() => db.drop());

  it('stores an envelope once and gives the same bytes back as Buffers', async () => {
    const first = envelope();
    await secrets.put('s1', first);
    await secrets.put('s1', envelope()); // a retry with a fresh seal changes nothing
    const stored = await secrets.get('s1');
    expect(stored).toEqual(first);
    expect(Buffer.isBuffer(stored?.ciphertext)).toBe(true);
    await expect(secrets.get('missing')).resolves.toBeNull();
  });

  it('lists secrets under an old KEK version until each is re-wrapped', async () => {
    await secrets.put('a', envelope(1));
    await secrets.put('b', envelope(1));
    await secrets.put('c', envelope(2));
    await expect(secrets.listIdsByKek('local', 1, 10)).resolves.toEqual(['a', 'b']);
    await expect(secrets.listIdsByKek('local', 1, 1)).resolves.toEqual(['a']);

    const a = (await secrets.get('a'))!;
    const rewrapped = { ...a, wrappedKey: randomBytes(60), kekVersion: 2 };
    await secrets.replaceWrapping('a', rewrapped);
    await expect(secrets.get('a')).resolves.toEqual(rewrapped);
    await expect(secrets.listIdsByKek('local', 1, 10)).resolves.toEqual(['b']);
  });

  it('refuses a re-wrap that would change the sealed payload, or of a missing secret', async () => {
    await secrets.put('a', envelope(1));
    const a = (await secrets.get('a'))!;
    await expect(secrets.replaceWrapping('a', { ...a, ciphertext: randomBytes(48), kekVersion: 2 })).rejects.toMatchObject({
      code: ERROR_CODES.invalidInput,
    });
    await expect(secrets.get('a')).resolves.toEqual(a);
    await expect(secrets.replaceWrapping('nope', a)).rejects.toMatchObject({ code: ERROR_CODES.sealedSecretMissing });
  });
});
