import type { HealthSweepSummary } from '../../lib/contracts';
import { executeAsWarden } from '../helpers/system-workflows';
import { ERROR_CODES } from '../../lib/contracts';
import type { ProviderKeyView } from '../../lib/db';
import { fakeKey, startAddKey } from '../helpers/key-workflows';
import { startTestStack, type TestStack } from '../helpers/warden-stack';
import { bootstrapApiKey } from '../helpers/api-keys';

// Someone with write access to PostgreSQL (but not the master key) moves key material between rows. Every
// use of a key decrypts it and checks it against its row first, so the swap is refused, audited and logged.

let stack: TestStack;
const production = fakeKey('openai');
const staging = fakeKey('openai');
let prod: ProviderKeyView;
let stage: ProviderKeyView;
let agentRuntimeKey: string;
let agentRuntimePrefix: string;

beforeAll(async () => {
  stack = await startTestStack({ parts: { worker: true, bot: false, api: true } });
  for (const [apiKey, environment] of [[production, 'production'], [staging, 'staging']] as const) {
    stack.providers.setKey(apiKey, { kind: 'valid' });
    await (await startAddKey(stack, { apiKey, environment })).result();
  }
  prod = (await stack.warden.services.keys.findActive('openai', 'production'))!;
  stage = (await stack.warden.services.keys.findActive('openai', 'staging'))!;
  ({ key: agentRuntimeKey, prefix: agentRuntimePrefix } = await bootstrapApiKey(stack, { name: 'agent-runtime' }));
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const sql = () => stack.db.prisma;

async function resolve(environment: string): Promise<{ status: number; body: Record<string, string>; text: string }> {
  const res = await fetch(`${stack.apiUrl}/v1/keys/resolve?provider=openai&environment=${environment}`, {
    headers: { authorization: `Bearer ${agentRuntimeKey}` },
  });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as Record<string, string>, text };
}

let sweeps = 0;
function sweep(): Promise<HealthSweepSummary> {
  sweeps += 1;
  return executeAsWarden<HealthSweepSummary>(stack, 'keyHealthSweep', `test-swap-sweep-${sweeps}`, { settings: stack.warden.services.onCallSettings });
}

/** Points row `a` at sealed secret `aSecret` and row `b` at `bSecret`. sealed_secret_id is unique and not deferrable, so `a` waits on a spare. */
async function pointRows(a: string, aSecret: string, b: string, bSecret: string): Promise<void> {
  await sql().$transaction([
    sql().$executeRaw`INSERT INTO sealed_secrets (id, ciphertext, iv, auth_tag, wrapped_key, kek_id, kek_version)
                      SELECT 'swap-spare', ciphertext, iv, auth_tag, wrapped_key, kek_id, kek_version FROM sealed_secrets WHERE id = ${aSecret}`,
    sql().$executeRaw`UPDATE provider_keys SET sealed_secret_id = 'swap-spare' WHERE id = ${a}`,
    sql().$executeRaw`UPDATE provider_keys SET sealed_secret_id = ${bSecret} WHERE id = ${b}`,
    sql().$executeRaw`UPDATE provider_keys SET sealed_secret_id = ${aSecret} WHERE id = ${a}`,
    sql().$executeRaw`DELETE FROM sealed_secrets WHERE id = 'swap-spare'`,
  ]);
}

async function refusals(keyId: string, purpose: string) {
  return (await stack.warden.services.audit.list({ action: 'key.use_refused', target: keyId })).filter((e) => e.details.use === purpose);
}

test('a key row pointed at another row\'s sealed secret is refused by key resolution and the health check, and audited', async () => {
  expect((await resolve('production')).body.apiKey).toBe(production);

  await pointRows(prod.id, stage.sealedSecretId, stage.id, prod.sealedSecretId);
  // The fault is in place: each row now opens the other's secret (which decrypts fine: its AAD is its own id).
  expect((await stack.warden.services.keys.get(prod.id))?.sealedSecretId).toBe(stage.sealedSecretId);
  expect((await stack.warden.services.keys.get(stage.id))?.sealedSecretId).toBe(prod.sealedSecretId);

  const refused = await resolve('production');
  expect(refused.status).toBe(500);
  expect(refused.body).toEqual({
    error: ERROR_CODES.keySecretMismatch,
    message: expect.stringContaining(`The stored OpenAI production key (${prod.maskedKey}) does not match its sealed secret`),
  });
  expect(refused.text).not.toContain(staging);
  expect(refused.text).not.toContain(production);
  expect((await resolve('staging')).body.error).toBe(ERROR_CODES.keySecretMismatch);

  expect(await refusals(prod.id, 'key resolution')).toEqual([
    expect.objectContaining({ actor: `apikey:${agentRuntimePrefix}`, outcome: 'refused', details: expect.objectContaining({ reason: 'fingerprint', fingerprint: prod.fingerprint }) }),
  ]);
  const resolutions = await stack.warden.services.audit.list({ action: 'key.resolve', target: 'openai/production' });
  expect(resolutions[0]).toMatchObject({ outcome: 'failed', details: { error: ERROR_CODES.keySecretMismatch } });

  // The scheduled health check refuses both rows too: neither key is sent to the provider.
  const callsBefore = [stack.providers.callCount(production), stack.providers.callCount(staging)];
  const summary = await sweep();
  expect(summary).toMatchObject({ checked: 0, healthy: 0 });
  expect([stack.providers.callCount(production), stack.providers.callCount(staging)]).toEqual(callsBefore);
  expect(await refusals(prod.id, 'scheduled health check')).toHaveLength(1);
  expect(await refusals(stage.id, 'scheduled health check')).toHaveLength(1);

  const logged = stack.logLines.filter((l) => l.includes('could not be proven to belong to its record') && l.includes(prod.id));
  expect(logged.length).toBeGreaterThanOrEqual(2);
  expect(stack.logLines.join('\n')).not.toContain(production);
  expect(stack.logLines.join('\n')).not.toContain(staging);

  // Swapped back, the same rows work again: the refusal was the swap's doing.
  await pointRows(prod.id, prod.sealedSecretId, stage.id, stage.sealedSecretId);
  expect((await resolve('production')).body.apiKey).toBe(production);
  expect(await sweep()).toMatchObject({ checked: 2, healthy: 2 });
});

test('a row relabelled to another environment fails its binding, and a slot pointed at another slot\'s key is refused', async () => {
  await sql().$executeRaw`UPDATE provider_keys SET environment = CASE WHEN id = ${prod.id} THEN 'staging'::"KeyEnvironment" ELSE 'production'::"KeyEnvironment" END
                          WHERE id IN (${prod.id}, ${stage.id})`;
  expect((await stack.warden.services.keys.get(prod.id))?.environment).toBe('staging');

  // Each secret still matches its row's fingerprint; only the binding knows the row was made for production.
  await sweep();
  expect((await refusals(prod.id, 'scheduled health check'))[0]).toMatchObject({ details: { reason: 'binding', environment: 'staging' } });
  expect((await resolve('production')).body.error).toBe(ERROR_CODES.keySecretMismatch);

  await sql().$executeRaw`UPDATE provider_keys SET environment = CASE WHEN id = ${prod.id} THEN 'production'::"KeyEnvironment" ELSE 'staging'::"KeyEnvironment" END
                          WHERE id IN (${prod.id}, ${stage.id})`;
  expect((await resolve('production')).body.apiKey).toBe(production);

  // The production slot pointed at the staging row: that row is sound, but not production's key.
  await sql().$transaction([
    sql().$executeRaw`UPDATE key_slots SET active_key_id = NULL WHERE environment = 'staging'`,
    sql().$executeRaw`UPDATE key_slots SET active_key_id = ${stage.id} WHERE environment = 'production'`,
  ]);
  const refused = await resolve('production');
  expect(refused.body.error).toBe(ERROR_CODES.keySecretMismatch);
  expect(refused.text).not.toContain(staging);
  // The newest refusal of the staging row (the list is newest first) names why.
  expect((await refusals(stage.id, 'key resolution'))[0]).toMatchObject({ details: { reason: 'slot', environment: 'staging' } });
});
