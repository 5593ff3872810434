import { createRoleView, type GrantInForce } from '../../../../lib/access/role-view';
import { createLogger } from '../../../../lib/log';

const logger = createLogger({ level: 'error', sink: () => undefined });
const at = (iso: string) => new Date(iso);

function source(initial: GrantInForce[]) {
  let grants = initial;
  let loads = 0;
  let notify: () => void = () => undefined;
  return {
    set(next: GrantInForce[]) {
      grants = next;
    },
    loads: () => loads,
    notify: () => notify(),
    deps: {
      loadGrants: async () => {
        loads += 1;
        return grants;
      },
      subscribe: async (onChange: () => void) => {
        notify = onChange;
        return async () => undefined;
      },
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 10));

test('answers from memory: roles that have started and not ended, compared at the moment of the question', async () => {
  const s = source([
    { slackUserId: 'U1', role: 'admin', startsAt: at('2026-01-01T00:00:00Z'), expiresAt: null },
    { slackUserId: 'U1', role: 'builder', startsAt: at('2026-01-01T00:00:00Z'), expiresAt: at('2026-06-01T00:00:00Z') },
  ]);
  const view = createRoleView({ ...s.deps, ttlMs: 60_000, logger, now: () => 0 });
  await view.start();
  expect(await view.activeRoles('U1', at('2026-03-01T00:00:00Z'))).toEqual(['admin', 'builder']);
  // The time-bound grant ended: no change and no reload needed to see it.
  expect(await view.activeRoles('U1', at('2026-07-01T00:00:00Z'))).toEqual(['admin']);
  expect(await view.activeRoles('U2', at('2026-03-01T00:00:00Z'))).toEqual([]);
  expect(s.loads()).toBe(1);
});

test('a change notification reloads the copy; without one, a copy older than the TTL is reloaded in the background', async () => {
  let clock = 0;
  const s = source([{ slackUserId: 'U1', role: 'admin', startsAt: at('2026-01-01T00:00:00Z'), expiresAt: null }]);
  const view = createRoleView({ ...s.deps, ttlMs: 30_000, logger, now: () => clock });
  await view.start();
  s.set([]);
  s.notify();
  await settle();
  expect(await view.activeRoles('U1', at('2026-03-01T00:00:00Z'))).toEqual([]);
  expect(s.loads()).toBe(2);

  s.set([{ slackUserId: 'U1', role: 'analyst', startsAt: at('2026-01-01T00:00:00Z'), expiresAt: null }]);
  clock = 10_000;
  expect(await view.activeRoles('U1', at('2026-03-01T00:00:00Z'))).toEqual([]); // fresh enough: no reload
  clock = 40_000;
  expect(await view.activeRoles('U1', at('2026-03-01T00:00:00Z'))).toEqual([]); // stale: answered now, reloaded behind
  await settle();
  expect(await view.activeRoles('U1', at('2026-03-01T00:00:00Z'))).toEqual(['analyst']);
  expect(s.loads()).toBe(3);
});
