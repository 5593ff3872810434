// Sealed secrets nothing will open again are deleted: keys typed into forms whose workflow never stored them,
// and subject addresses of data-subject requests that ended or never opened. Everything still needed stays.
import { randomBytes } from 'node:crypto';
import { createLocalKms, createSecretSealer } from '../../lib/crypto';
import { createDsarRequestRepository, createProviderKeyRepository, createSealedSecretRepository, type SealedSecretRepository } from '../../lib/db';
import { SUBJECT_PSEUDONYM_KEY_SECRET_ID } from '../../lib/data-rights';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

const DAY = 86_400_000;
let db: TestDatabase;
let secrets: SealedSecretRepository;
const sealer = createSecretSealer(createLocalKms({ current: { version: 1, key: randomBytes(32) } }));

beforeAll(async () => {
  db = await createTestDatabase();
  secrets = createSealedSecretRepository(db.prisma);
});
afterAll(() => db.drop());

async function seal(id: string, ageMs: number): Promise<void> {
  await secrets.put(id, await sealer.seal(`secret of ${id}`, id));
  await db.prisma.$executeRaw`UPDATE sealed_secrets SET created_at = ${new Date(Date.now() - ageMs)} WHERE id = ${id}`;
}

async function request(id: string, status: 'pending' | 'approved' | 'denied' | 'fulfilled' | 'failed'): Promise<void> {
  await createDsarRequestRepository(db.prisma).open({
    id, kind: 'export', subjectPseudonym: `psn_${id}`, subjectLabel: 'a***@example.com', regime: 'gdpr', requesterSlackId: 'U0ADMIN001',
    verifiedBySlackId: 'U0ADMIN001', verificationMethod: 'id-document', verificationNote: 'seen', reason: 'asked', openedAt: new Date(), deadlineAt: new Date(Date.now() + 30 * DAY),
  });
  await db.prisma.dsarRequest.update({ where: { id }, data: { status } });
}

test('a retention sweep deletes only the sealed secrets nothing will open again', async () => {
  await seal('sec_abandoned', 2 * DAY); // a key form whose workflow never stored the key
  await seal('sec_just_typed', 60_000); // a key form whose workflow may still be starting
  await seal('sec_claimed', 2 * DAY); // a key row holds it
  await createProviderKeyRepository(db.prisma).createPending({
    requestId: 'key-add:claimed', workflowId: 'key-add:claimed', provider: 'openai', environment: 'production',
    fingerprint: 'fpk_0011223344556677', maskedKey: 'sk-…abcd', sealedSecretId: 'sec_claimed', addedBySlackId: 'U0ADMIN001',
  });
  for (const [id, status] of [['dsar-fulfilled', 'fulfilled'], ['dsar-denied', 'denied'], ['dsar-failed', 'failed'], ['dsar-pending', 'pending'], ['dsar-approved', 'approved']] as const) {
    await seal(`dsar-subject:${id}`, 2 * DAY);
    await request(id, status);
  }
  await seal('dsar-subject:never-opened', 2 * DAY);
  await seal('dsar-subject:opening', 60_000);
  await seal(SUBJECT_PSEUDONYM_KEY_SECRET_ID, 400 * DAY);

  const purged = await secrets.purgeLeftovers(new Date(Date.now() - DAY));
  expect(purged).toEqual({ keySubmissions: 1, dsarSubjects: 4 });
  const left = (await db.prisma.sealedSecret.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((r) => r.id);
  expect(left).toEqual(['dsar-subject:dsar-approved', 'dsar-subject:dsar-pending', 'dsar-subject:opening', 'sec_claimed', 'sec_just_typed', SUBJECT_PSEUDONYM_KEY_SECRET_ID].sort());
  await expect(secrets.purgeLeftovers(new Date(Date.now() - DAY))).resolves.toEqual({ keySubmissions: 0, dsarSubjects: 0 });
  // A secret a key row holds is never deleted, not even when asked for by name.
  await expect(secrets.removeUnclaimed('sec_claimed')).resolves.toBe(false);
  await expect(secrets.get('sec_claimed')).resolves.not.toBeNull();
});
