import { settlePolicies } from '../../../../lib/agents/agent-shape';
import { parseAgentsCommand } from '../../../../bot/inputs/agents-command';

const uses = { chat: { provider: 'openai' as const, model: 'gpt-4o' }, embeddings: { provider: 'gemini' as const, model: 'text-embedding-004' } };

test('each provider an agent uses gets a policy: org_preferred by default, org_required for a BYOK-only provider', () => {
  expect(settlePolicies({ uses, keyPolicies: {} }, new Set(['gemini']))).toEqual({ ok: true, keyPolicies: { openai: 'org_preferred', gemini: 'org_required' } });
});

test('a BYOK-only provider refuses a policy that would use a hosted key, and policies for unused providers are refused', () => {
  expect(settlePolicies({ uses, keyPolicies: { gemini: 'org_preferred' } }, new Set(['gemini']))).toEqual({
    ok: false,
    message: 'Google Gemini is BYOK-only, so its key policy must be org_required (not org_preferred)',
  });
  expect(settlePolicies({ uses, keyPolicies: { anthropic: 'hosted_only' } }, new Set())).toEqual({ ok: false, message: 'key policies are set for providers the agent does not use: anthropic' });
});

test('/warden agents set reads name=value pairs, provider aliases and a Slack mention as the contact', () => {
  const parsed = parseAgentsCommand(['set', 'Support-Bot', 'prod', 'team=Support', 'chat=claude:claude-sonnet', 'policy=claude:org_required', 'contact=<@U0SUE000001|sue>']);
  expect(parsed).toEqual({
    ok: true,
    command: {
      kind: 'agents.set',
      name: 'support-bot',
      fields: { environment: 'production', ownerTeam: 'Support', teamContact: 'U0SUE000001', uses: { chat: { provider: 'anthropic', model: 'claude-sonnet' } }, keyPolicies: { anthropic: 'org_required' } },
    },
  });
  const missing = parseAgentsCommand(['set', 'bot', 'production', 'team=x']);
  expect(missing).toMatchObject({ ok: false, message: expect.stringContaining('an agent uses at least one of chat, embeddings, vision, transcription') });
  expect(parseAgentsCommand(['set', 'bot', 'production', 'team=x', 'chat=gpt-4o'])).toMatchObject({ ok: false, message: expect.stringContaining('write <provider>:<model>') });
});
