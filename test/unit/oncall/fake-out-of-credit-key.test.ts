import type { Provider } from '../../../lib/contracts/providers';
import { createChatProbe, createProviderKeyChecker } from '../../../lib/providers';
import { startFakeProviderServer, type FakeProviderServer } from '../../fakes/provider-server';
import { fakeKey } from '../../helpers/key-workflows';

// The runbook's verification must catch a key that lists models (free) but cannot chat (no credit):
// the fake answers chat calls with each provider's real quota error and lists models normally.
let server: FakeProviderServer;
beforeAll(async () => {
  server = await startFakeProviderServer();
});
afterAll(() => server.close());

test.each<Provider>(['openai', 'anthropic', 'gemini'])('%s: an out-of-credit key passes the list-models check and fails the test chat as quota_exhausted', async (provider) => {
  const apiKey = fakeKey(provider);
  server.setKey(apiKey, { kind: 'chat_quota_exhausted' });
  const checker = createProviderKeyChecker({ endpoints: server.endpoints, timeoutMs: 2_000 });
  const probe = createChatProbe({ endpoints: server.endpoints, timeoutMs: 2_000 });

  expect((await checker.check({ provider, apiKey })).verdict).toBe('valid');
  const chat = await probe.send({ provider, apiKey });
  expect(chat).toMatchObject({ ok: false, verdict: 'quota_exhausted' });
  expect(chat.detail).not.toContain(apiKey);
});
