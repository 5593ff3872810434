import { createHash } from 'node:crypto';
import type { KeyEnvironment, Provider } from '../../lib/contracts';
import { ERROR_CODES } from '../../lib/contracts';
import { createKmsFromConfig, createSecretSealer, maskKey } from '../../lib/crypto';
import { createProviderKeyRepository, createSealedSecretRepository } from '../../lib/db';
import { fakeKey } from '../helpers/key-workflows';
import { slackDriver } from '../helpers/slack-driver';
import { ADMIN, NON_ADMIN, startTestStack, type TestStack } from '../helpers/warden-stack';

// An installation upgraded from unkeyed fingerprints: its keys were stored by the previous version of Warden
// (fingerprint 'fp_' + 12 hex of SHA-256, no binding). The first start re-fingerprints them.

const shared = fakeKey('openai');
const anthropic = fakeKey('anthropic');
const hidden = fakeKey('anthropic');
const LEGACY: Array<{ name: string; provider: Provider; environment: KeyEnvironment; value: string; fingerprintOf?: string }> = [
  { name: 'openai-prod', provider: 'openai', environment: 'production', value: shared },
  { name: 'openai-staging', provider: 'openai', environment: 'staging', value: shared },
  { name: 'anthropic-prod', provider: 'anthropic', environment: 'production', value: anthropic },
  // Already tampered with before the upgrade: its secret is not the key its fingerprint names.
  { name: 'anthropic-staging', provider: 'anthropic', environment: 'staging', value: hidden, fingerprintOf: fakeKey('anthropic') },
];

/** What the previous version stored; written here independently of lib/crypto. */
const legacyFingerprint = (key: string) => 'fp_' + createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 12);

let stack: TestStack;
let slack: ReturnType<typeof slackDriver>;
const ids = new Map<string, string>();

beforeAll(async () => {
  stack = await startTestStack({
    async seed({ db, config }) {
      const sealer = createSecretSealer(createKmsFromConfig(config.masterKeys).kms);
      const sealedSecrets = createSealedSecretRepository(db.prisma);
      const keys = createProviderKeyRepository(db.prisma);
      for (const k of LEGACY) {
        const sealedSecretId = `sec_legacy_${k.name}`;
        await sealedSecrets.put(sealedSecretId, await sealer.seal(k.value, sealedSecretId));
        const row = await keys.createPending({
          requestId: `legacy:${k.name}`, workflowId: `legacy:${k.name}`, provider: k.provider, environment: k.environment,
          fingerprint: legacyFingerprint(k.fingerprintOf ?? k.value), maskedKey: maskKey(k.value), sealedSecretId, addedBySlackId: ADMIN.id,
        });
        await keys.activate(row.id, { now: new Date(), graceMs: 0 });
        ids.set(k.name, row.id);
      }
    },
  });
  slack = slackDriver(stack);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const row = async (name: string) => (await stack.warden.services.keys.get(ids.get(name)!))!;
const resolve = (provider: Provider, environment: KeyEnvironment) => stack.warden.services.resolveKey({ provider, environment, caller: 'service:test' });

test('the first start re-fingerprints every key it can prove, and leaves a tampered one refused', async () => {
  const [prod, staging, claude, tampered] = await Promise.all(LEGACY.map((k) => row(k.name)));
  for (const k of [prod!, staging!, claude!]) {
    expect(k).toMatchObject({ fingerprint: expect.stringMatching(/^fpk_[0-9a-f]{16}$/), fingerprintVersion: 1, binding: expect.stringMatching(/^[0-9a-f]{64}$/) });
  }
  // One key in two environments still has one fingerprint; different keys differ.
  expect(staging!.fingerprint).toBe(prod!.fingerprint);
  expect(claude!.fingerprint).not.toBe(prod!.fingerprint);
  // The tampered row is not laundered into a bound one.
  expect(tampered).toMatchObject({ fingerprint: legacyFingerprint(LEGACY[3]!.fingerprintOf!), fingerprintVersion: null, binding: null });

  const [upgrade] = await stack.warden.services.audit.list({ action: 'key.fingerprints_upgraded' });
  expect(upgrade).toMatchObject({ outcome: 'partial', details: { upgraded: 3, refused: 1, unreadable: 0, version: 1 } });
  const [refusal] = await stack.warden.services.audit.list({ action: 'key.fingerprint_upgrade', target: tampered!.id });
  expect(refusal).toMatchObject({ outcome: 'refused', details: { reason: 'key does not match its row' } });
  const logs = stack.logLines.join('\n');
  for (const value of [shared, anthropic, hidden]) expect(logs).not.toContain(value);
});

test('key resolution serves the re-fingerprinted keys and refuses the row that could not be proven', async () => {
  const prod = await row('openai-prod');
  await expect(resolve('openai', 'production')).resolves.toMatchObject({ apiKey: shared, fingerprint: prod.fingerprint, keyId: prod.id });
  await expect(resolve('anthropic', 'production')).resolves.toMatchObject({ apiKey: anthropic });
  await expect(resolve('anthropic', 'staging')).rejects.toMatchObject({
    code: ERROR_CODES.keyFingerprintOutdated,
    message: expect.stringContaining('still has a fingerprint from before keyed fingerprints'),
  });
});

test('/warden keys lists the new fingerprints and still finds the key shared by production and staging', async () => {
  const prod = await row('openai-prod');
  const listing = JSON.stringify((await slack.slash(NON_ADMIN.id, 'keys')).json.blocks);
  expect(listing).toContain(prod.fingerprint);
  expect(listing).not.toContain(legacyFingerprint(shared));
  expect(listing).toContain(`openai uses one key (${prod.fingerprint}) for both production and staging`);
});

test('running the upgrade again changes nothing', async () => {
  const before = await stack.warden.services.keys.list();
  await expect(stack.warden.services.upgradeKeyFingerprints()).resolves.toEqual({ upgraded: 0, refused: 1, unreadable: 0 });
  expect(await stack.warden.services.keys.list()).toEqual(before);
});

test('a row turned back into a legacy one after the upgrade is refused at the next start, not bound again', async () => {
  const staging = await row('openai-staging');
  // Someone with database access "downgrades" the row, using the old fingerprint from before the upgrade.
  await stack.db.prisma.providerKey.update({ where: { id: staging.id }, data: { fingerprint: legacyFingerprint(shared), fingerprintVersion: null, binding: null } });
  await stack.restartWarden();
  expect(await row('openai-staging')).toMatchObject({ fingerprint: legacyFingerprint(shared), fingerprintVersion: null, binding: null });
  await expect(resolve('openai', 'staging')).rejects.toMatchObject({ code: ERROR_CODES.keyFingerprintOutdated });
  const [refusal] = await stack.warden.services.audit.list({ action: 'key.fingerprint_upgrade', target: staging.id });
  expect(refusal).toMatchObject({ outcome: 'refused', details: { reason: 'legacy fingerprint after the upgrade' } });
});

test('the "Report leaked key" shortcut matches a pasted key to its re-fingerprinted row', async () => {
  const claude = await row('anthropic-prod');
  const reply = await slack.messageShortcut(ADMIN.id, `posted by mistake: ${anthropic}`);
  expect(reply.text).toContain(`\`${claude.maskedKey}\` is the Anthropic production key (active). Incident \`inc-`);
  expect(JSON.stringify(stack.slack.responses())).not.toContain(anthropic);
});
