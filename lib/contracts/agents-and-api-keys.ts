import type { KeyEnvironment, Provider } from './providers';

// Plain data for the agent registry and scoped API keys, shared by the bot, the API, workflows and activities.

export const AGENT_USES = ['chat', 'embeddings', 'vision', 'transcription'] as const;
export type AgentUse = (typeof AGENT_USES)[number];

/**
 * How an agent may get a provider key: the org's key or nothing, the org's key with Warden's hosted key as
 * fallback, or always the hosted key. A BYOK-only provider allows only `org_required`.
 */
export const AGENT_KEY_POLICIES = ['org_required', 'org_preferred', 'hosted_only'] as const;
export type AgentKeyPolicy = (typeof AGENT_KEY_POLICIES)[number];

export interface AgentModelUse {
  provider: Provider;
  model: string;
}

export interface AgentRecord {
  name: string;
  environment: KeyEnvironment;
  ownerTeam: string;
  teamContact: string | null;
  uses: Partial<Record<AgentUse, AgentModelUse>>;
  keyPolicies: Partial<Record<Provider, AgentKeyPolicy>>;
  updatedBy: string;
  updatedAt: string;
}

/** What may be done with an API key. The platform checks chat, widget and redaction itself (POST /v1/apikeys/verify). */
export const API_KEY_ACTIONS = ['chat', 'widget', 'resolve_key', 'evidence_download', 'redaction', 'agent_registry'] as const;
export type ApiKeyAction = (typeof API_KEY_ACTIONS)[number];

/** `['*']` in agents means every agent; environments and providers are always listed. */
export interface ApiKeyScopes {
  actions: ApiKeyAction[];
  environments: KeyEnvironment[];
  /** Providers whose keys `resolve_key` may fetch. */
  providers: Provider[];
  agents: string[];
}

/** The visible start of every key; the rest is the key's own id and secret. */
export const API_KEY_PREFIX = 'wk_live_';

/** A new key as a workflow carries it: its prefix and keyed hash, never the key. */
export interface NewApiKey {
  prefix: string;
  keyHash: string;
  hashVersion: number;
}

export interface CreateApiKeyInput {
  requestId: string;
  actorSlackId: string;
  name: string;
  scopes: ApiKeyScopes;
  expiresAt: string | null;
  key: NewApiKey;
  /** Rotation: the prefix of the key this one succeeds; both work until the overlap ends. */
  replacesPrefix?: string;
  overlapMs: number;
}

export interface CreatedApiKey {
  id: string;
  prefix: string;
  name: string;
  replacedPrefix: string | null;
  overlapEndsAt: string | null;
}

export interface RevokeApiKeyInput {
  requestId: string;
  actorSlackId: string;
  prefix: string;
}

export interface SetAgentInput {
  requestId: string;
  actorSlackId: string;
  agent: Omit<AgentRecord, 'updatedBy' | 'updatedAt'>;
}

export const API_KEY_ACTIONS_IDS = {
  confirmRevoke: 'warden_apikey_revoke_confirm',
  cancelRevoke: 'warden_apikey_revoke_cancel',
} as const;

export const API_KEY_MODAL_CALLBACK_ID = 'warden_apikey_create';

export const apiKeyWorkflowIds = {
  create: (teamId: string, viewId: string) => `apikey-create:${teamId}:${viewId}`,
  rotate: (prefix: string, triggerId: string) => `apikey-rotate:${prefix}:${triggerId}`,
  overlap: (prefix: string) => `apikey-overlap:${prefix}`,
  revoke: (prefix: string, confirmationTs: string) => `apikey-revoke:${prefix}:${confirmationTs}`,
  setAgent: (name: string, environment: string, triggerId: string) => `agent-set:${name}:${environment}:${triggerId}`,
};
