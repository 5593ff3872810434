import { randomUUID } from 'node:crypto';
import { createProviderKeyRepository, createSealedSecretRepository } from '../../lib/db';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

test('the overview keeps active keys visible however long the history of failed keys grows', async () => {
  const keys = createProviderKeyRepository(db.prisma);
  const secrets = createSealedSecretRepository(db.prisma);
  const add = async (environment: 'production' | 'staging') => {
    const id = `sec_${randomUUID()}`;
    await secrets.put(id, { ciphertext: Buffer.from('c'), iv: Buffer.alloc(12), authTag: Buffer.alloc(16), wrappedKey: Buffer.from('w'), kekId: 'local', kekVersion: 1 });
    const requestId = `req-${randomUUID()}`;
    return keys.createPending({ requestId, workflowId: requestId, provider: 'openai', environment, fingerprint: 'fp_x', maskedKey: 'sk-…abcd', sealedSecretId: id, addedBySlackId: 'U1' });
  };
  const active = await add('production');
  await keys.activate(active.id, { now: new Date(), graceMs: 1000 });
  for (let i = 0; i < 60; i++) await keys.markFailed((await add('staging')).id, 'rejected');

  const overview = await keys.listOverview({ recentFinished: 10 });
  expect(overview.keys[0]).toMatchObject({ id: active.id, status: 'active' });
  expect(overview.keys).toHaveLength(11);
  expect(overview.finishedNotShown).toBe(50);
});
