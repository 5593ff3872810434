import { randomBytes, randomUUID } from 'node:crypto';
import { ERROR_CODES, WardenError } from '../../../../lib/errors';
import { createProviderKeyRepository, type ProviderKeyView } from '../../../../lib/db/repositories/provider-keys';
import { createSealedSecretRepository } from '../../../../lib/db/repositories/sealed-secrets';
import { createTestDatabase, type TestDatabase } from '../../../helpers/database';

const HOUR = 3_600_000;

describe('provider key repository', () => {
  let db: TestDatabase;
  let keys: ReturnType<typeof createProviderKeyRepository>;
  beforeEach(async () => {
    db = await createTestDatabase();
    keys = createProviderKeyRepository(db.prisma);
  });
  afterEach(() => db.drop());

  async function pendingKey(overrides: { requestId?: string; environment?: 'production' | 'staging'; fingerprint?: string } = {}): Promise<ProviderKeyView> {
    const sealedSecretId = randomUUID();
    await createSealedSecretRepository(db.prisma).put(sealedSecretId, {
      ciphertext: randomBytes(40), iv: randomBytes(12), authTag: randomBytes(16), wrappedKey: randomBytes(60), kekId: 'local', kekVersion: 1,
    });
    return keys.createPending({
      requestId: overrides.requestId ?? randomUUID(),
      workflowId: 'key-add-1',
      provider: 'openai',
      environment: overrides.environment ?? 'production',
      fingerprint: overrides.fingerprint ?? `fp-${sealedSecretId.slice(0, 8)}`,
      fingerprintVersion: 1,
      maskedKey: 'sk-…abcd',
      sealedSecretId,
      addedBySlackId: 'U0ADMIN',
    });
  }

  async function statuses(): Promise<string[]> {
    return (await keys.list()).map((k) => k.status).sort();
  }

  it('creates a pending key once per request, however often it is retried', async () => {
    const first = await pendingKey({ requestId: 'req-1' });
    const retried = await pendingKey({ requestId: 'req-1' });
    expect(retried).toEqual(first);
    expect(first).toMatchObject({ status: 'pending', baseUrl: null, ownerTeam: null, activatedAt: null, replacedKeyId: null });
    await expect(keys.list()).resolves.toHaveLength(1);
  });

  it('creates one key when two attempts for the same request race', async () => {
    const [a, b] = await Promise.all([pendingKey({ requestId: 'req-2' }), pendingKey({ requestId: 'req-2' })]);
    expect(a.id).toBe(b.id);
    await expect(keys.list()).resolves.toHaveLength(1);
  });

  it('activates a first key with no previous one', async () => {
    const key = await pendingKey();
    const now = new Date('2026-05-01T10:00:00.000Z');
    const { activated, previous } = await keys.activate(key.id, { now, graceMs: HOUR });
    expect(previous).toBeNull();
    expect(activated).toMatchObject({ id: key.id, status: 'active', activatedAt: now, replacedKeyId: null });
    await expect(keys.findActive('openai', 'production')).resolves.toEqual(activated);
    await expect(keys.findActive('openai', 'staging')).resolves.toBeNull();
  });

  it('moves the previous active key to retiring, revoking it after the grace period', async () => {
    const old = await pendingKey();
    await keys.activate(old.id, { now: new Date('2026-05-01T10:00:00.000Z'), graceMs: HOUR });
    const next = await pendingKey();
    const now = new Date('2026-05-02T10:00:00.000Z');
    const { activated, previous } = await keys.activate(next.id, { now, graceMs: 2 * HOUR });
    expect(previous).toMatchObject({ id: old.id, status: 'retiring', retiringAt: now, revokeAfter: new Date('2026-05-02T12:00:00.000Z') });
    expect(activated).toMatchObject({ id: next.id, status: 'active', replacedKeyId: old.id });
    await expect(keys.findActive('openai', 'production')).resolves.toMatchObject({ id: next.id });
  });

  it('answers a retried activation the same way and changes nothing', async () => {
    const old = await pendingKey();
    await keys.activate(old.id, { now: new Date('2026-05-01T10:00:00.000Z'), graceMs: HOUR });
    const next = await pendingKey();
    const first = await keys.activate(next.id, { now: new Date('2026-05-02T10:00:00.000Z'), graceMs: HOUR });
    const before = await keys.list();
    const retried = await keys.activate(next.id, { now: new Date('2026-05-02T10:05:00.000Z'), graceMs: 5 * HOUR });
    expect(retried).toEqual(first);
    await expect(keys.list()).resolves.toEqual(before);
  });

  it('never leaves two keys active for one provider and environment, even when activated concurrently', async () => {
    for (let round = 0; round < 5; round++) {
      const [a, b] = await Promise.all([pendingKey(), pendingKey()]);
      const now = new Date(Date.UTC(2026, 4, 1 + round));
      const [ra, rb] = await Promise.all([keys.activate(a!.id, { now, graceMs: HOUR }), keys.activate(b!.id, { now, graceMs: HOUR })]);
      const all = await keys.list();
      expect(all.filter((k) => k.status === 'active')).toHaveLength(1);
      // Whichever went second replaced whichever went first.
      const [firstDone, secondDone] = rb.previous?.id === a!.id ? [ra, rb] : [rb, ra];
      expect(secondDone.previous?.id).toBe(firstDone.activated.id);
      expect(all.find((k) => k.id === firstDone.activated.id)?.status).toBe('retiring');
      await expect(keys.findActive('openai', 'production')).resolves.toMatchObject({ id: secondDone.activated.id, status: 'active' });
    }
  });

  it('refuses to activate a second copy of the active key (two adds that raced past the add check): nothing changes', async () => {
    const first = await pendingKey({ fingerprint: 'fpk_00112233445566aa' });
    const copy = await pendingKey({ fingerprint: 'fpk_00112233445566aa' });
    await keys.activate(first.id, { now: new Date(), graceMs: HOUR });
    const err = await keys.activate(copy.id, { now: new Date(), graceMs: HOUR }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: ERROR_CODES.keyAlreadyAdded, message: 'This key is already the active OpenAI production key (sk-…abcd).' });
    await expect(keys.findActive('openai', 'production')).resolves.toMatchObject({ id: first.id, status: 'active', retiringAt: null, revokeAfter: null });
    await expect(keys.get(copy.id)).resolves.toMatchObject({ status: 'pending' });
  });

  it('revokes the active key, emptying its slot; revoking again changes nothing', async () => {
    const key = await pendingKey();
    await keys.activate(key.id, { now: new Date('2026-05-01T10:00:00.000Z'), graceMs: HOUR });
    const revokedAt = new Date('2026-05-03T00:00:00.000Z');
    const revoked = await keys.revoke(key.id, revokedAt);
    expect(revoked).toMatchObject({ status: 'revoked', revokedAt });
    await expect(keys.findActive('openai', 'production')).resolves.toBeNull();
    await expect(keys.revoke(key.id, new Date('2026-05-04T00:00:00.000Z'))).resolves.toEqual(revoked);
  });

  // A retry whose first attempt committed but whose answer was lost (a killed worker) can arrive after a later
  // rotation: it must neither undo that rotation nor fail the request that did activate its key.
  it('answers a late retried activation as the first one did after a later rotation retired the key, and changes nothing', async () => {
    const first = await pendingKey();
    const answered = await keys.activate(first.id, { now: new Date('2026-05-01T10:00:00.000Z'), graceMs: HOUR });
    const next = await pendingKey();
    await keys.activate(next.id, { now: new Date('2026-05-02T10:00:00.000Z'), graceMs: HOUR });
    const before = await keys.list();
    const retried = await keys.activate(first.id, { now: new Date('2026-05-02T10:00:05.000Z'), graceMs: HOUR });
    expect(retried).toEqual({ activated: before.find((k) => k.id === first.id), previous: answered.previous });
    expect(retried.activated.status).toBe('retiring');
    await expect(keys.list()).resolves.toEqual(before);
    await expect(keys.findActive('openai', 'production')).resolves.toMatchObject({ id: next.id });
  });

  it('answers a late retried activation after its key was revoked, and the key stays revoked', async () => {
    const first = await pendingKey();
    await keys.activate(first.id, { now: new Date('2026-05-01T10:00:00.000Z'), graceMs: HOUR });
    const next = await pendingKey();
    await keys.activate(next.id, { now: new Date('2026-05-02T10:00:00.000Z'), graceMs: HOUR });
    await keys.revokeRetiring(first.id, new Date('2026-05-02T11:00:00.000Z'));
    const before = await keys.list();
    await expect(keys.activate(first.id, { now: new Date(), graceMs: HOUR })).resolves.toMatchObject({ activated: { id: first.id, status: 'revoked' }, previous: null });
    await expect(keys.list()).resolves.toEqual(before);
  });

  it('never activates a key that was revoked before it was ever active', async () => {
    const key = await pendingKey();
    await keys.revoke(key.id, new Date());
    await expect(keys.activate(key.id, { now: new Date(), graceMs: HOUR })).rejects.toThrow('This key is revoked and cannot be made active.');
  });

  it('revokes a retiring key when its grace period ends, and leaves an active one alone', async () => {
    const old = await pendingKey();
    await keys.activate(old.id, { now: new Date('2026-05-01T10:00:00.000Z'), graceMs: HOUR });
    const next = await pendingKey();
    await keys.activate(next.id, { now: new Date('2026-05-02T10:00:00.000Z'), graceMs: HOUR });
    const at = new Date('2026-05-02T11:00:00.000Z');
    await expect(keys.revokeRetiring(old.id, at)).resolves.toMatchObject({ status: 'revoked', revokedAt: at });
    await expect(keys.revokeRetiring(old.id, new Date())).resolves.toMatchObject({ status: 'revoked', revokedAt: at });
    await expect(keys.revokeRetiring(next.id, at)).resolves.toMatchObject({ status: 'active', revokedAt: null });
  });

  it('marks a pending key failed once, and a failed key cannot be activated', async () => {
    const key = await pendingKey();
    await expect(keys.markFailed(key.id, 'invalid_or_revoked')).resolves.toMatchObject({ status: 'failed', failureReason: 'invalid_or_revoked' });
    await expect(keys.markFailed(key.id, 'something else')).resolves.toMatchObject({ status: 'failed', failureReason: 'invalid_or_revoked' });
    const attempt = keys.activate(key.id, { now: new Date(), graceMs: HOUR });
    await expect(attempt).rejects.toThrow(WardenError);
    await expect(attempt).rejects.toMatchObject({ code: ERROR_CODES.invalidInput, message: 'This key is failed and cannot be made active.' });
    expect(await statuses()).toEqual(['failed']);
    await expect(keys.findActive('openai', 'production')).resolves.toBeNull();
  });

  it('does not mark an active key failed', async () => {
    const key = await pendingKey();
    await keys.activate(key.id, { now: new Date(), graceMs: HOUR });
    await expect(keys.markFailed(key.id, 'late')).resolves.toMatchObject({ status: 'active', failureReason: null });
  });

  it('records the latest health check on the key', async () => {
    const key = await pendingKey();
    const at = new Date('2026-05-01T10:00:00.000Z');
    await keys.recordHealthCheck(key.id, { at, outcome: 'valid', latencyMs: 123.6 });
    await expect(keys.get(key.id)).resolves.toMatchObject({ lastCheckedAt: at, lastCheckOutcome: 'valid', lastCheckLatencyMs: 124 });
    await expect(keys.recordHealthCheck(randomUUID(), { at, outcome: 'valid', latencyMs: 1 })).rejects.toMatchObject({ code: ERROR_CODES.keyNotFound });
  });

  it('never hands out the sealed ciphertext, only the sealed secret id', async () => {
    const key = await pendingKey();
    const view = (await keys.get(key.id)) as unknown as Record<string, unknown>;
    expect(Object.values(view).some((v) => v instanceof Uint8Array)).toBe(false);
    expect(view).not.toHaveProperty('sealedSecret');
  });
});
