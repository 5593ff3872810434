import { randomBytes } from 'node:crypto';
import { createApiKeyVerifier } from '../../../../lib/api-keys/api-key-verifier';
import { missingScope } from '../../../../lib/api-keys/scopes';
import { createApiKeyHasher, createLocalKms } from '../../../../lib/crypto';
import type { ApiKeyRepository, ApiKeyView } from '../../../../lib/db';
import { createLogger } from '../../../../lib/log';

const logger = createLogger({ level: 'error', sink: () => undefined });

async function setUp(opts: { expiresAt?: Date | null; overlapEndsAt?: Date | null } = {}) {
  const kms = createLocalKms({ current: { version: 1, key: randomBytes(32) } });
  const hasher = await createApiKeyHasher(kms);
  const fresh = hasher.generate();
  const row: ApiKeyView = {
    id: 'k1', prefix: fresh.prefix, keyHash: fresh.keyHash, hashVersion: fresh.hashVersion, name: 'widget', ownerSlackId: 'U0OWNER0001',
    scopes: { actions: ['widget'], environments: ['production'], providers: [], agents: ['support-bot'] },
    expiresAt: opts.expiresAt ?? null, createdAt: new Date(), lastUsedAt: null, revokedAt: null, revokedBy: null, replacesId: null, overlapEndsAt: opts.overlapEndsAt ?? null,
  };
  const lookups: string[] = [];
  const written: Array<Array<{ id: string; at: Date }>> = [];
  let notify: () => void = () => undefined;
  const apiKeys = {
    async findByPrefix(prefix: string) {
      lookups.push(prefix);
      return prefix === row.prefix ? { ...row } : null;
    },
    async recordLastUsed(uses: Array<{ id: string; at: Date }>) {
      written.push(uses);
    },
  } satisfies Pick<ApiKeyRepository, 'findByPrefix' | 'recordLastUsed'>;
  const verifier = createApiKeyVerifier({ apiKeys, hasher, flushEveryMs: 60_000, logger, subscribe: async (onChange) => ((notify = onChange), async () => undefined) });
  await verifier.start();
  return { verifier, row, apiKey: fresh.apiKey, lookups, written, notify: () => notify() };
}

test('after the first lookup a key is answered from memory, and a change notification makes it look again', async () => {
  const s = await setUp();
  for (let i = 0; i < 50; i++) expect(await s.verifier.verify(s.apiKey)).toMatchObject({ ok: true, key: { prefix: s.row.prefix, name: 'widget' } });
  expect(s.lookups).toEqual([s.row.prefix]);
  s.notify();
  await s.verifier.verify(s.apiKey);
  expect(s.lookups).toEqual([s.row.prefix, s.row.prefix]);
  await s.verifier.stop();
});

test('last use is written in one batch at flush, not once per call', async () => {
  const s = await setUp();
  for (let i = 0; i < 20; i++) await s.verifier.verify(s.apiKey);
  expect(s.written).toEqual([]);
  await s.verifier.flush();
  expect(s.written).toEqual([[{ id: 'k1', at: expect.any(Date) }]]);
  await s.verifier.stop();
});

test('a guessed secret, garbage, an expired key and a key past its rotation overlap are refused with the reason', async () => {
  const s = await setUp();
  expect(await s.verifier.verify(`${s.row.prefix}_${'A'.repeat(43)}`)).toEqual({ ok: false, reason: 'wrong api key', prefix: s.row.prefix });
  expect(await s.verifier.verify('sk-not-ours')).toEqual({ ok: false, reason: 'not an api key', prefix: null });
  expect(await s.verifier.verify(undefined)).toEqual({ ok: false, reason: 'no api key', prefix: null });
  expect(await s.verifier.verify('wk_live_00000000_' + 'B'.repeat(43))).toEqual({ ok: false, reason: 'unknown api key', prefix: 'wk_live_00000000' });
  const expired = await setUp({ expiresAt: new Date(Date.now() - 1000) });
  expect(await expired.verifier.verify(expired.apiKey)).toMatchObject({ ok: false, reason: 'expired api key' });
  const rotatedOut = await setUp({ overlapEndsAt: new Date(Date.now() - 1) });
  expect(await rotatedOut.verifier.verify(rotatedOut.apiKey)).toMatchObject({ ok: false, reason: 'expired api key' });
});

test('the first missing scope is named: action, then environment, provider, agent', () => {
  const scopes = { actions: ['resolve_key' as const], environments: ['staging' as const], providers: ['openai' as const], agents: ['support-bot'] };
  expect(missingScope(scopes, { action: 'chat' })).toBe('action chat');
  expect(missingScope(scopes, { action: 'resolve_key', environment: 'production', provider: 'openai' })).toBe('environment production');
  expect(missingScope(scopes, { action: 'resolve_key', environment: 'staging', provider: 'gemini' })).toBe('provider gemini');
  expect(missingScope(scopes, { action: 'resolve_key', environment: 'staging', provider: 'openai', agent: 'billing-bot' })).toBe('agent billing-bot');
  expect(missingScope(scopes, { action: 'resolve_key', environment: 'staging', provider: 'openai', agent: 'support-bot' })).toBeNull();
  expect(missingScope({ ...scopes, agents: ['*'] }, { action: 'resolve_key', agent: 'any-bot' })).toBeNull();
});
