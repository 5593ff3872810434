import { randomUUID } from 'node:crypto';
import type { KeyEnvironment, Provider } from '../../lib/contracts';
import type { addProviderKey } from '../../workflows';
import { ADMIN, type TestStack } from './warden-stack';

/** What the modal handler does before starting a workflow: seal the key and park the ciphertext. */
export async function sealKey(stack: TestStack, plaintext: string): Promise<string> {
  const keyRef = `sec_test_${randomUUID().replace(/-/g, '')}`;
  const { sealer, sealedSecrets } = stack.warden.services;
  await sealedSecrets.put(keyRef, await sealer.seal(plaintext, keyRef));
  return keyRef;
}

export async function startAddKey(
  stack: TestStack,
  p: { apiKey: string; provider?: Provider; environment?: KeyEnvironment; actor?: string; mode?: 'add' | 'rotate'; workflowId?: string; baseUrl?: string },
) {
  const workflowId = p.workflowId ?? `key-add:test:${randomUUID()}`;
  const actor = p.actor ?? ADMIN.id;
  const input = {
    mode: p.mode ?? 'add',
    requestId: workflowId,
    provider: p.provider ?? 'openai',
    environment: p.environment ?? 'production',
    baseUrl: p.baseUrl,
    keyRef: await sealKey(stack, p.apiKey),
    ownerTeam: 'Platform',
    actorSlackId: actor,
    settings: stack.warden.services.keySettings,
  };
  // Through the same seam as the bot, so the start carries the actor's assertion.
  const { started } = await stack.warden.workflows.startOnce<typeof addProviderKey>('addProviderKey', { workflowId, actor, input });
  return Object.assign(stack.warden.client.workflow.getHandle<typeof addProviderKey>(workflowId), { started });
}

/** A plausible key for each provider's shape (the fakes decide what it does). */
export function fakeKey(provider: Provider = 'openai'): string {
  const body = randomUUID().replace(/-/g, '') + randomUUID().replace(/-/g, '').slice(0, 16);
  if (provider === 'anthropic') return `sk-ant-api03-${body}`;
  if (provider === 'gemini') return `AIza${body.slice(0, 35)}`;
  return `sk-proj-${body}`;
}
