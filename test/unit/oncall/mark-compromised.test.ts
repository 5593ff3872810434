import { randomBytes, randomUUID } from 'node:crypto';
import { createProviderKeyRepository, type ProviderKeyView } from '../../../lib/db/repositories/provider-keys';
import { createSealedSecretRepository } from '../../../lib/db/repositories/sealed-secrets';
import { createTestDatabase, type TestDatabase } from '../../helpers/database';

describe('markCompromised (containment)', () => {
  let db: TestDatabase;
  let keys: ReturnType<typeof createProviderKeyRepository>;
  beforeEach(async () => {
    db = await createTestDatabase();
    keys = createProviderKeyRepository(db.prisma);
  });
  afterEach(() => db.drop());

  async function activeKey(): Promise<ProviderKeyView> {
    const sealedSecretId = randomUUID();
    await createSealedSecretRepository(db.prisma).put(sealedSecretId, {
      ciphertext: randomBytes(40), iv: randomBytes(12), authTag: randomBytes(16), wrappedKey: randomBytes(60), kekId: 'local', kekVersion: 1,
    });
    const pending = await keys.createPending({
      requestId: randomUUID(), workflowId: 'key-add-1', provider: 'openai', environment: 'production',
      fingerprint: `fp_${sealedSecretId.slice(0, 8)}`, maskedKey: 'sk-…abcd', sealedSecretId, addedBySlackId: 'U1',
    });
    return (await keys.activate(pending.id, { now: new Date(), graceMs: 0 })).activated;
  }

  test('marks the key compromised and empties its slot at once; repeating it changes nothing', async () => {
    const key = await activeKey();
    const contained = await keys.markCompromised(key.id, new Date());
    expect(contained.status).toBe('compromised');
    expect(await keys.findActive('openai', 'production')).toBeNull();
    expect((await keys.markCompromised(key.id, new Date())).status).toBe('compromised');
  });

  test('a compromised key can never be activated again', async () => {
    const key = await activeKey();
    await keys.markCompromised(key.id, new Date());
    await expect(keys.activate(key.id, { now: new Date(), graceMs: 0 })).rejects.toThrow('This key is compromised and cannot be made active.');
  });

  test('a retiring key loses its revoke deadline, so the retire timer leaves it compromised', async () => {
    const old = await activeKey();
    await activeKey(); // replaces it: old is retiring
    const contained = await keys.markCompromised(old.id, new Date());
    expect(contained).toMatchObject({ status: 'compromised', revokeAfter: null });
    expect((await keys.revokeRetiring(old.id, new Date())).status).toBe('compromised');
  });
});
