// Retiring WARDEN_SERVICE_TOKEN (README "Agents and API keys"): without it Warden starts and the bootstrap route
// that made the first keys is gone.
import { startTestStack, type TestStack } from '../helpers/warden-stack';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ parts: { api: true, worker: false, bot: false }, env: { WARDEN_SERVICE_TOKEN: '' } });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

test('without the service token there is no way to create a key over HTTP, and any token presented is refused', async () => {
  const attempt = await fetch(`${stack.apiUrl}/v1/apikeys`, {
    method: 'POST',
    headers: { authorization: 'Bearer retired-retired-retired-retired-retired-00', 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'x', ownerSlackId: 'U0ADMIN0001', scopes: { actions: ['chat'], environments: ['production'], agents: ['*'] } }),
  });
  expect(attempt.status).toBe(404);
  expect(await stack.warden.services.apiKeys.list()).toEqual([]);
  const resolve = await fetch(`${stack.apiUrl}/v1/keys/resolve?provider=openai&environment=production`, { headers: { authorization: 'Bearer retired-retired-retired-retired-retired-00' } });
  expect(resolve.status).toBe(401);
});
