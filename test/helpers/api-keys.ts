import type { ApiKeyScopes } from '../../lib/contracts';
import { ADMIN, type TestStack } from './warden-stack';

export const ALL_SCOPES: ApiKeyScopes = {
  actions: ['chat', 'widget', 'resolve_key', 'evidence_download', 'redaction', 'agent_registry'],
  environments: ['production', 'staging'],
  providers: ['openai', 'anthropic', 'gemini', 'openai_compatible'],
  agents: ['*'],
};

/** A scoped API key made the bootstrap way (POST /v1/apikeys with WARDEN_SERVICE_TOKEN), as an operator would. */
export async function bootstrapApiKey(stack: TestStack, p: { name: string; scopes?: Partial<ApiKeyScopes>; owner?: string; expiresAt?: string }): Promise<{ key: string; prefix: string }> {
  const res = await fetch(`${stack.apiUrl}/v1/apikeys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.env.WARDEN_SERVICE_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: p.name, ownerSlackId: p.owner ?? ADMIN.id, scopes: { ...ALL_SCOPES, ...p.scopes }, expiresAt: p.expiresAt ?? null }),
  });
  if (res.status !== 201) throw new Error(`bootstrap key creation answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { key: string; prefix: string };
}

const memo = new WeakMap<TestStack, Promise<string>>();

/** One every-scope key per stack, for tests about something else that call the key API on the way. */
export function serviceApiKey(stack: TestStack): Promise<string> {
  let key = memo.get(stack);
  if (!key) {
    key = bootstrapApiKey(stack, { name: 'test-service' }).then((k) => k.key);
    memo.set(stack, key);
  }
  return key;
}
