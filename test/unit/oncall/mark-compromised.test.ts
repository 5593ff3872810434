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

  async function pendingKey(): Promise<ProviderKeyView> {
    const sealedSecretId = randomUUID();
    await createSealedSecretRepository(db.prisma).put(sealedSecretId, {
      ciphertext: randomBytes(40), iv: randomBytes(12), authTag: randomBytes(16), wrappedKey: randomBytes(60), kekId: 'local', kekVersion: 1,
    });
    return keys.createPending({
      requestId: randomUUID(), workflowId: `key-add-${sealedSecretId}`, provider: 'openai', environment: 'production',
      fingerprint: `fp_${sealedSecretId.slice(0, 8)}`, maskedKey: 'sk-…abcd', sealedSecretId, addedBySlackId: 'U1',
    });
  }

  async function activeKey(): Promise<ProviderKeyView> {
    return (await keys.activate((await pendingKey()).id, { now: new Date(), graceMs: 0 })).activated;
  }

  test('marks the key compromised and empties its slot at once; repeating it changes nothing', async () => {
    const key = await activeKey();
    const contained = await keys.markCompromised(key.id, new Date());
    expect(contained.status).toBe('compromised');
    expect(await keys.findActive('openai', 'production')).toBeNull();
    expect((await keys.markCompromised(key.id, new Date())).status).toBe('compromised');
  });

  test('a compromised key can never be activated again, not even by a retry of its own activation', async () => {
    const key = await activeKey();
    await keys.markCompromised(key.id, new Date());
    // The retry answers as the first activation did, and the key stays contained.
    await expect(keys.activate(key.id, { now: new Date(), graceMs: 0 })).resolves.toMatchObject({ activated: { id: key.id, status: 'compromised' } });
    expect(await keys.findActive('openai', 'production')).toBeNull();
    await expect(keys.get(key.id)).resolves.toMatchObject({ status: 'compromised' });
  });

  test('a key contained while it was still being added cannot be activated', async () => {
    const key = await activeKey();
    const pending = await pendingKey();
    await keys.markCompromised(pending.id, new Date());
    await expect(keys.activate(pending.id, { now: new Date(), graceMs: 0 })).rejects.toThrow('This key is compromised and cannot be made active.');
    await expect(keys.findActive('openai', 'production')).resolves.toMatchObject({ id: key.id });
  });

  test('a retiring key loses its revoke deadline, so the retire timer leaves it compromised', async () => {
    const old = await activeKey();
    await activeKey(); // replaces it: old is retiring
    const contained = await keys.markCompromised(old.id, new Date());
    expect(contained).toMatchObject({ status: 'compromised', revokeAfter: null });
    expect((await keys.revokeRetiring(old.id, new Date())).status).toBe('compromised');
  });
});
