import type { KeyEnvironment, Provider } from './providers';

/** Timings and destinations the bot reads from config and hands to workflows (workflow code cannot read config). */
export interface KeyWorkflowSettings {
  gracePeriodMs: number;
  /** attemptMs bounds one provider check, so a lost worker's attempt is retried within seconds. */
  providerRetry: { initialMs: number; maxMs: number; deadlineMs: number; attemptMs: number };
  adminChannel: string;
  temporalUiUrl: string;
  namespace: string;
}

export interface SlackMessageRef {
  channel: string;
  ts: string;
}

export interface AddProviderKeyInput {
  mode: 'add' | 'rotate';
  requestId: string;
  provider: Provider;
  environment: KeyEnvironment;
  baseUrl?: string;
  /** Id of the sealed secret the bot stored; the plaintext key never enters workflow history. */
  keyRef: string;
  ownerTeam?: string;
  note?: string;
  actorSlackId: string;
  settings: KeyWorkflowSettings;
  /** Set when the key replaces a leaked one: the runbook to signal once this key is active. */
  incidentWorkflowId?: string;
  /** The submitted modal (still open, showing "Checking the key…"), updated in place with the outcome. */
  modalViewId?: string;
}

export interface AddProviderKeyResult {
  keyId: string;
  maskedKey: string;
  fingerprint: string;
  replacedKeyId: string | null;
  revokeAfter: string | null;
}

export interface RetireProviderKeyInput {
  keyId: string;
  provider: Provider;
  environment: KeyEnvironment;
  revokeAfter: string;
  progress: SlackMessageRef | null;
}

export interface RevokeProviderKeyInput {
  requestId: string;
  provider: Provider;
  environment: KeyEnvironment;
  /** The key the admin was shown and confirmed; if the slot holds another key by now, nothing is revoked. */
  keyId: string;
  actorSlackId: string;
  settings: KeyWorkflowSettings;
}

export interface SetProviderPolicyInput {
  requestId: string;
  provider: Provider;
  byokOnly: boolean;
  actorSlackId: string;
}
