import { randomBytes } from 'node:crypto';
import { createActorAssertions } from '../../../../lib/crypto/actor-assertions';
import { createLocalKms } from '../../../../lib/crypto/kms';

const v1 = { version: 1, key: randomBytes(32) };
const v2 = { version: 2, key: randomBytes(32) };
const T0 = new Date('2026-11-30T10:00:00Z');
const args = { requestId: 'r1', actorSlackId: 'U0ANA00001', role: 'admin' };
const check = (over: Partial<{ action: string; workflowId: string; args: object; receivedAt: Date }> = {}) => ({
  action: 'start:roleGrantRequest',
  workflowId: 'access-request:T1:V1',
  args,
  receivedAt: new Date(T0.getTime() + 5_000),
  ...over,
});

function signer(kms = createLocalKms({ current: v1 }), now = T0) {
  return createActorAssertions(kms, { maxAgeMs: 600_000, now: () => now });
}

test('a genuine assertion verifies and names its actor', async () => {
  const s = signer();
  const a = await s.sign({ actor: 'U0ANA00001', action: 'start:roleGrantRequest', workflowId: 'access-request:T1:V1', args });
  expect(await s.verify({ ...args, assertion: a }.assertion, check())).toEqual({ ok: true, actor: 'U0ANA00001' });
});

test.each([
  ['another action', { action: 'update:decideGrant' }, 'assertion is for start:roleGrantRequest, not update:decideGrant'],
  ['another workflow', { workflowId: 'access-request:T1:V2' }, 'assertion is for workflow access-request:T1:V1, not access-request:T1:V2'],
  ['other arguments', { args: { ...args, role: 'analyst' } }, 'the arguments differ from the ones that were signed'],
  ['arriving too late', { receivedAt: new Date(T0.getTime() + 601_000) }, 'assertion older than 600 s when it arrived'],
  ['issued in the future', { receivedAt: new Date(T0.getTime() - 120_000) }, 'issued in the future'],
])('refused when used for %s', async (_what, over, reason) => {
  const s = signer();
  const a = await s.sign({ actor: 'U0ANA00001', action: 'start:roleGrantRequest', workflowId: 'access-request:T1:V1', args });
  expect(await s.verify(a, check(over))).toEqual({ ok: false, reason });
});

test('a changed field or MAC, or no assertion at all, is refused', async () => {
  const s = signer();
  const a = await s.sign({ actor: 'U0ANA00001', action: 'start:roleGrantRequest', workflowId: 'access-request:T1:V1', args });
  expect(await s.verify({ ...a, actor: 'U0BEN00002' }, check())).toEqual({ ok: false, reason: 'forged actor assertion (bad MAC)' });
  expect(await s.verify({ ...a, mac: a.mac.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) }, check())).toEqual({ ok: false, reason: 'forged actor assertion (bad MAC)' });
  expect(await s.verify(undefined, check())).toEqual({ ok: false, reason: 'no actor assertion' });
  expect(await s.verify({ v: 1 }, check())).toEqual({ ok: false, reason: 'no actor assertion' });
});

test('assertions rotate with the master key: an old version verifies while configured, and not after', async () => {
  const a = await signer().sign({ actor: 'U0ANA00001', action: 'start:roleGrantRequest', workflowId: 'access-request:T1:V1', args });
  const rotated = signer(createLocalKms({ current: v2, previous: [v1] }));
  expect(await rotated.verify(a, check())).toMatchObject({ ok: true });
  expect((await rotated.sign({ actor: 'U1', action: 'x', workflowId: 'w', args: {} })).kekVersion).toBe(2);
  const retired = signer(createLocalKms({ current: v2 }));
  expect(await retired.verify(a, check())).toEqual({ ok: false, reason: 'signed under master key version 1, which is not configured' });
});

test("a schedule's assertion covers every run the schedule starts, names only Warden, and does not age", async () => {
  const s = signer();
  const a = await s.sign({ actor: 'warden', action: 'start:keyHealthSweep', workflowId: 'key-health-sweep:q', args: { settings: {} }, scope: 'schedule' });
  const run = check({ action: 'start:keyHealthSweep', workflowId: 'key-health-sweep:q-2027-01-01T00:00:00Z', args: { settings: {} }, receivedAt: new Date(T0.getTime() + 90 * 86_400_000) });
  expect(await s.verify(a, run)).toEqual({ ok: true, actor: 'warden' });
  expect(await s.verify(a, { ...run, workflowId: 'other-sweep-2027' })).toMatchObject({ ok: false });
  const person = await s.sign({ actor: 'U0ANA00001', action: 'start:keyHealthSweep', workflowId: 'key-health-sweep:q', args: { settings: {} }, scope: 'schedule' });
  expect(await s.verify(person, run)).toEqual({ ok: false, reason: 'a schedule assertion must name Warden' });
});
