import { z } from 'zod';
import { API_KEY_ACTIONS, KEY_ENVIRONMENTS, PROVIDERS, type ApiKeyAction, type ApiKeyScopes, type KeyEnvironment, type Provider } from '../contracts';
import { agentName } from '../agents/agent-shape';

const unique = <T>(xs: T[]) => [...new Set(xs)];

/** Scopes as given by a person (modal) or the bootstrap call: every list explicit, `*` only for agents. */
export const apiKeyScopes = z.object({
  actions: z.array(z.enum(API_KEY_ACTIONS, { error: `actions are ${API_KEY_ACTIONS.join(', ')}` })).min(1, 'pick at least one action').transform(unique),
  environments: z.array(z.enum(KEY_ENVIRONMENTS, { error: `environments are ${KEY_ENVIRONMENTS.join(', ')}` })).min(1, 'pick at least one environment').transform(unique),
  providers: z.array(z.enum(PROVIDERS, { error: `providers are ${PROVIDERS.join(', ')}` })).default([]).transform(unique),
  agents: z.array(z.union([z.literal('*'), agentName])).min(1, 'name the agents, or * for every agent').transform(unique),
}) satisfies z.ZodType<ApiKeyScopes, unknown>;

/** What one API call needs; only the parts the call is about are given. */
export interface ScopeNeed {
  action: ApiKeyAction;
  environment?: KeyEnvironment;
  provider?: Provider;
  agent?: string;
}

/** The first scope the key lacks for this call, in words a caller can act on, or null when it has them all. */
export function missingScope(s: ApiKeyScopes, need: ScopeNeed): string | null {
  if (!s.actions.includes(need.action)) return `action ${need.action}`;
  if (need.environment && !s.environments.includes(need.environment)) return `environment ${need.environment}`;
  if (need.provider && !s.providers.includes(need.provider)) return `provider ${need.provider}`;
  if (need.agent && !s.agents.includes('*') && !s.agents.includes(need.agent)) return `agent ${need.agent}`;
  return null;
}

/** One line for lists: `resolve_key, chat · production · openai · agents support-bot`. */
export function describeScopes(s: ApiKeyScopes): string {
  const agents = s.agents.includes('*') ? 'every agent' : `agents ${s.agents.join(', ')}`;
  return [s.actions.join(', '), s.environments.join(', '), s.providers.length ? s.providers.join(', ') : 'no providers', agents].join(' · ');
}
