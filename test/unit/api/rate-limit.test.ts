import { clientKey, createRateLimiter } from '../../../api/rate-limit';

test('a client gets its burst at once, then the sustained rate, and is told how long to wait', () => {
  let now = 0;
  const limiter = createRateLimiter({ perSecond: 2, burst: 3, now: () => now });
  expect([1, 2, 3].map(() => limiter.take('10.0.0.1'))).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
  expect(limiter.take('10.0.0.1')).toEqual({ ok: false, retryAfterSeconds: 1 });
  now += 499;
  expect(limiter.take('10.0.0.1').ok).toBe(false);
  now += 2;
  expect(limiter.take('10.0.0.1')).toEqual({ ok: true });
  // Idle time refills the bucket up to the burst, never beyond it.
  now += 60_000;
  expect([1, 2, 3, 4].map(() => limiter.take('10.0.0.1').ok)).toEqual([true, true, true, false]);
});

test('one client in a loop does not slow another client down', () => {
  const limiter = createRateLimiter({ perSecond: 1, burst: 2, now: () => 0 });
  for (let i = 0; i < 100; i++) limiter.take('10.0.0.66');
  expect(limiter.take('10.0.0.66').ok).toBe(false);
  expect(limiter.take('10.0.0.7')).toEqual({ ok: true });
});

test('a slow rate asks for a longer wait, in whole seconds', () => {
  const limiter = createRateLimiter({ perSecond: 0.1, burst: 1, now: () => 0 });
  limiter.take('c');
  expect(limiter.take('c')).toEqual({ ok: false, retryAfterSeconds: 10 });
});

test('the clients remembered are capped; the least recently seen is forgotten first', () => {
  const limiter = createRateLimiter({ perSecond: 1, burst: 1, maxClients: 2, now: () => 0 });
  limiter.take('a');
  limiter.take('b');
  expect(limiter.take('a').ok).toBe(false); // a is now the most recently seen
  limiter.take('c'); // forgets b
  expect(limiter.take('a').ok).toBe(false);
  expect(limiter.take('b').ok).toBe(true);
});

test('clients count by their TCP address: IPv4 as is, IPv4-mapped as IPv4, IPv6 by its /64', () => {
  expect(clientKey('10.1.2.3')).toBe('10.1.2.3');
  expect(clientKey('::ffff:10.1.2.3')).toBe('10.1.2.3');
  expect(clientKey('2001:db8:0:12:aaaa::1')).toBe('2001:db8:0:12::/64');
  expect(clientKey('2001:db8:0:12:ffff:1:2:3')).toBe('2001:db8:0:12::/64');
  expect(clientKey('2001:0db8::')).toBe('2001:db8:0:0::/64');
  expect(clientKey('::1')).toBe('0:0:0:0::/64');
  expect(clientKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  expect(clientKey('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
  expect(clientKey(undefined)).toBe('unknown');
});
