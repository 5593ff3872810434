import { createHash, randomBytes } from 'node:crypto';
import type { KeyStatus } from '../../../../lib/contracts';
import { createKeyFingerprinter, createLocalKms, type KeyFingerprinter } from '../../../../lib/crypto';
import type { AuditEventInput, ProviderKeyView } from '../../../../lib/db';
import { ERROR_CODES } from '../../../../lib/errors';
import { refuseKeyAlreadyInPlay } from '../../../../lib/keys/refuse-duplicate-key';

const KEY = 'sk-proj-' + 'Zq8xL2mN4pR6tV0wY3bD5fH7jK9'.repeat(2);
let fingerprints: KeyFingerprinter;
beforeAll(async () => {
  fingerprints = await createKeyFingerprinter(createLocalKms({ current: { version: 1, key: randomBytes(32) } }));
});

function row(status: KeyStatus, over: Partial<ProviderKeyView> = {}): ProviderKeyView {
  return {
    id: `key-${status}`, provider: 'openai', environment: 'production', status, baseUrl: null, ...fingerprints.stamp(KEY, { sealedSecretId: `sec-${status}`, provider: 'openai', environment: 'production', baseUrl: null }),
    maskedKey: 'sk-proj-…jK9', sealedSecretId: `sec-${status}`, ownerTeam: null, note: null, addedBySlackId: 'U1', requestId: `req-${status}`, workflowId: 'wf',
    createdAt: new Date(), activatedAt: null, retiringAt: null, revokeAfter: null, revokedAt: null, failureReason: null, replacedKeyId: null,
    lastCheckedAt: null, lastCheckOutcome: null, lastCheckLatencyMs: null, ...over,
  };
}

async function attempt(inPlay: ProviderKeyView[], requestId = 'req-new') {
  const events: AuditEventInput[] = [];
  const d = { keys: { listInPlay: async () => inPlay }, fingerprints, audit: { append: async (e: AuditEventInput) => (events.push(e), {} as never) } };
  const err = await refuseKeyAlreadyInPlay(d, KEY, { provider: 'openai', environment: 'production', requestId, actorSlackId: 'U2', action: 'key.add.requested', audit: { idempotencyKey: 'step-1' } }).then(
    () => null,
    (e: unknown) => e,
  );
  return { err, events };
}

test('names the active copy first when the key is in play several times, and audits the refusal', async () => {
  const { err, events } = await attempt([row('pending'), row('compromised'), row('active')]);
  expect(err).toMatchObject({ code: ERROR_CODES.keyAlreadyAdded, message: 'This key is already the active OpenAI production key (sk-proj-…jK9).' });
  expect(events).toEqual([expect.objectContaining({ idempotencyKey: 'step-1', actor: 'U2', outcome: 'refused', details: expect.objectContaining({ existingKeyId: 'key-active' }) })]);
});

test('a leaked key and one still being added are refused with their own explanation', async () => {
  expect((await attempt([row('compromised')])).err).toMatchObject({ message: expect.stringContaining('marked compromised after a leak') });
  expect((await attempt([row('pending')])).err).toMatchObject({ message: expect.stringContaining('already being added as the OpenAI production key') });
});

test("the request's own row (a retried activity), other keys and nothing at all pass", async () => {
  expect(await attempt([row('pending', { requestId: 'req-new' })])).toEqual({ err: null, events: [] });
  const other = row('active', fingerprints.stamp('sk-proj-a-different-key-0000000000000', { sealedSecretId: 's', provider: 'openai', environment: 'production', baseUrl: null }));
  expect(await attempt([other])).toEqual({ err: null, events: [] });
  expect(await attempt([])).toEqual({ err: null, events: [] });
});

test('a key not yet re-fingerprinted is matched by its legacy fingerprint', async () => {
  const legacy = row('active', { fingerprint: 'fp_' + createHash('sha256').update(KEY).digest('hex').slice(0, 12), fingerprintVersion: null, binding: null });
  expect((await attempt([legacy])).err).toMatchObject({ code: ERROR_CODES.keyAlreadyAdded });
});
