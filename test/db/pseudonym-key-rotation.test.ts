// A legal hold placed before a master-key rotation must still stop erasure after it: holds name their subject
// by keyed pseudonym, so the pseudonym key has to survive the rotation and the re-wrap that follows it.
import { randomBytes } from 'node:crypto';
import { createLocalKms, createSecretSealer, type KeyEncryptionService } from '../../lib/crypto';
import { createAuditLog, createLegalHoldRepository, createSealedSecretRepository } from '../../lib/db';
import { createLegalHolds, eraseSubject, loadSubjectPseudonymKey, SUBJECT_PSEUDONYM_PURPOSE } from '../../lib/data-rights';
import { rewrapSealedSecrets } from '../../lib/keys/rewrap-sealed-secrets';
import { count, createSamplePlatform, SEED_AS_OF, type SamplePlatform } from '../helpers/sample-platform';

const ANA = { kind: 'email', value: 'ana.lima1@example.com' } as const;
const ANAS_MESSAGES = `SELECT 1 FROM platform.messages WHERE conversation_id LIKE 'conv_000001_%'`;
const v1 = { version: 1, key: randomBytes(32) };
const v2 = { version: 2, key: randomBytes(32) };

let p: SamplePlatform;
beforeEach(async () => {
  p = await createSamplePlatform();
});
afterEach(() => p.close());

function keyParts(kms: KeyEncryptionService) {
  return { kms, sealer: createSecretSealer(kms), sealedSecrets: createSealedSecretRepository(p.db.prisma) };
}

function legalHolds(pseudonymKey: Buffer) {
  return createLegalHolds({ repo: createLegalHoldRepository(p.db.prisma), audit: createAuditLog(p.db.prisma), sources: p.sources, map: p.map, pseudonymKey, clock: () => SEED_AS_OF });
}

test('a legal hold placed before a master-key rotation still stops erasure after the rotation and its re-wrap', async () => {
  const before = createLocalKms({ current: v1 });
  const keyBefore = await loadSubjectPseudonymKey(keyParts(before));
  // The first start keeps using the key pseudonyms were made with before it was stored.
  expect(keyBefore.equals(await before.deriveKey(SUBJECT_PSEUDONYM_PURPOSE))).toBe(true);
  await legalHolds(keyBefore).placeSubjectHold({ subject: ANA, reason: 'Litigation 2026-17', placedBySlackId: 'U0COMPLY01', requestId: 'hold-1' });
  const held = await count(p.sql, ANAS_MESSAGES);
  expect(held).toBe(18);

  // Rotate: version 2 is current, then every sealed secret is re-wrapped and version 1 is retired.
  const during = createLocalKms({ current: v2, previous: [v1] });
  await rewrapSealedSecrets({ sealedSecrets: createSealedSecretRepository(p.db.prisma), sealer: createSecretSealer(during), oldVersions: [{ kekId: 'local', kekVersion: 1 }] });
  const keyAfter = await loadSubjectPseudonymKey(keyParts(createLocalKms({ current: v2 })));

  const holds = legalHolds(keyAfter);
  expect(await holds.isHeld({ subject: ANA })).toBe(true);
  const report = await eraseSubject(p.sources, p.map, ANA, { holds: await holds.current(), pseudonymKey: keyAfter, now: SEED_AS_OF });
  expect(report.subjectHeld).toBe(true);
  expect(report.totals).toMatchObject({ erased: 0, nulled: 0, pseudonymised: 0 });
  expect(await count(p.sql, ANAS_MESSAGES)).toBe(held);
  expect(keyAfter.equals(keyBefore)).toBe(true);
});

test('processes starting together settle on one pseudonym key, even when they would derive different ones', async () => {
  // A rolling deploy in the middle of a rotation: one process already on version 2, one still on version 1.
  const oldSide = createLocalKms({ current: v1, previous: [v2] });
  const newSide = createLocalKms({ current: v2, previous: [v1] });
  expect((await oldSide.deriveKey(SUBJECT_PSEUDONYM_PURPOSE)).equals(await newSide.deriveKey(SUBJECT_PSEUDONYM_PURPOSE))).toBe(false);
  const [a, b] = await Promise.all([loadSubjectPseudonymKey(keyParts(oldSide)), loadSubjectPseudonymKey(keyParts(newSide))]);
  expect(a.equals(b)).toBe(true);
  expect(a).toHaveLength(32);
});
