import { randomBytes } from 'node:crypto';
import type { KeyEnvironment, Provider } from '../../lib/contracts';
import { createKeyFingerprinter, createLocalKms, createSecretSealer, maskKey, type KeyEncryptionService } from '../../lib/crypto';
import {
  createAuditLog,
  createBreakGlassRepository,
  createProviderKeyRepository,
  createProviderPolicyRepository,
  createSealedSecretRepository,
} from '../../lib/db';
import { ERROR_CODES } from '../../lib/errors';
import { createKeyResolver } from '../../lib/keys/resolve-key';
import { rewrapSealedSecrets } from '../../lib/keys/rewrap-sealed-secrets';
import { upgradeKeyFingerprints } from '../../lib/keys/upgrade-key-fingerprints';
import { createLogger } from '../../lib/log';
import { fakeKey } from '../helpers/key-workflows';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

// A master-key rotation moves fingerprints too: keys stay checkable under the old version while it is
// configured, are re-fingerprinted under the new one, and then the old version can go.

const v1 = { version: 1, key: randomBytes(32) };
const v2 = { version: 2, key: randomBytes(32) };
const OLD = { kekId: 'local', kekVersion: 1 };
const logLines: string[] = [];
const logger = createLogger({ level: 'debug', sink: (line) => logLines.push(line) });

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

const repos = () => ({
  keys: createProviderKeyRepository(db.prisma),
  sealedSecrets: createSealedSecretRepository(db.prisma),
  policies: createProviderPolicyRepository(db.prisma),
  breakGlass: createBreakGlassRepository(db.prisma),
  audit: createAuditLog(db.prisma),
});

async function resolverFor(kms: KeyEncryptionService, versions = [kms.current()]) {
  return createKeyResolver({ ...repos(), sealer: createSecretSealer(kms), fingerprints: await createKeyFingerprinter(kms, versions), logger, hostedKeys: {} });
}

/** Stores and activates a key as the add workflow does (sealed, stamped under the current master key). */
async function addKey(kms: KeyEncryptionService, provider: Provider, environment: KeyEnvironment, apiKey: string) {
  const { keys, sealedSecrets } = repos();
  const sealedSecretId = `sec_${provider}_${environment}_${randomBytes(4).toString('hex')}`;
  await sealedSecrets.put(sealedSecretId, await createSecretSealer(kms).seal(apiKey, sealedSecretId));
  const stamp = (await createKeyFingerprinter(kms)).stamp(apiKey, { sealedSecretId, provider, environment, baseUrl: null });
  const row = await keys.createPending({ requestId: sealedSecretId, workflowId: sealedSecretId, provider, environment, ...stamp, maskedKey: maskKey(apiKey), sealedSecretId, addedBySlackId: 'U0ADMIN0001' });
  await keys.activate(row.id, { now: new Date(), graceMs: 0 });
  return row;
}

test('rotate, restart, re-fingerprint, drop the old master key: every key still resolves, under a new fingerprint', async () => {
  const kmsV1 = createLocalKms({ current: v1 });
  const values = { openai: fakeKey('openai'), anthropic: fakeKey('anthropic'), gemini: fakeKey('gemini') } as const;
  const added = [];
  for (const [provider, value] of Object.entries(values)) added.push(await addKey(kmsV1, provider as Provider, 'production', value));

  // Steps 2–4: the new key is current, the old one still configured. Old fingerprints are checked under version 1.
  const rotated = createLocalKms({ current: v2, previous: [v1] });
  await expect((await resolverFor(rotated, [rotated.current(), OLD]))({ provider: 'openai', environment: 'production', caller: 'test' })).resolves.toMatchObject({
    apiKey: values.openai,
    fingerprint: added[0]!.fingerprint,
  });

  // Step 5: rewrap-secrets re-wraps data keys, then re-fingerprints (Warden also does this when it starts). Batches of two.
  const { keys, sealedSecrets, audit } = repos();
  const sealer = createSecretSealer(rotated);
  await rewrapSealedSecrets({ sealedSecrets, sealer, oldVersions: [OLD] });
  const fingerprints = await createKeyFingerprinter(rotated, [rotated.current(), OLD]);
  await expect(upgradeKeyFingerprints({ keys, sealedSecrets, sealer, fingerprints, audit, logger }, { batchSize: 2 })).resolves.toEqual({ upgraded: 3, refused: 0, unreadable: 0 });
  const after = await keys.list();
  expect(after.map((k) => k.fingerprintVersion)).toEqual([2, 2, 2]);
  for (const before of added) expect(after.find((k) => k.id === before.id)?.fingerprint).not.toBe(before.fingerprint);
  await expect(upgradeKeyFingerprints({ keys, sealedSecrets, sealer, fingerprints, audit, logger })).resolves.toEqual({ upgraded: 0, refused: 0, unreadable: 0 });

  // Step 6: version 1 removed. Every key resolves, with the fingerprint /warden keys now shows.
  const newOnly = await resolverFor(createLocalKms({ current: v2 }));
  for (const [provider, value] of Object.entries(values)) {
    const resolved = await newOnly({ provider: provider as Provider, environment: 'production', caller: 'test' });
    expect(resolved).toMatchObject({ apiKey: value, fingerprint: after.find((k) => k.provider === provider)!.fingerprint });
  }
  for (const value of Object.values(values)) expect(logLines.join('\n')).not.toContain(value);
});

test('a key never re-fingerprinted is refused once its master-key version is gone, naming the version to configure', async () => {
  const kmsV1 = createLocalKms({ current: v1 });
  const value = fakeKey('openai');
  await addKey(kmsV1, 'openai', 'staging', value);
  // The secret itself was re-wrapped, but the fingerprint still needs version 1.
  const rotated = createLocalKms({ current: v2, previous: [v1] });
  await rewrapSealedSecrets({ sealedSecrets: repos().sealedSecrets, sealer: createSecretSealer(rotated), oldVersions: [OLD] });
  const newOnly = await resolverFor(createLocalKms({ current: v2 }));
  await expect(newOnly({ provider: 'openai', environment: 'staging', caller: 'test' })).rejects.toMatchObject({
    code: ERROR_CODES.config,
    message: expect.stringContaining('master key version 1'),
  });
});
