import type { HealthVerdict, KeyEnvironment, Provider } from './providers';

/** What the bot reads from config and hands to on-call workflows (workflow code cannot read config). */
export interface OnCallSettings {
  /** Incident threads open here (WARDEN_INCIDENT_CHANNEL, else the admin channel). */
  incidentChannel: string;
  /** Health alerts go here (WARDEN_ONCALL_CHANNEL, else the admin channel). */
  alertChannel: string;
  adminChannel: string;
  onCallUsers: string[];
  leakGraceMs: number;
  reminderAfterMs: number;
  /** While break-glass covers the slot, the runbook's test chat waits; this is how often it looks again. */
  breakGlassRecheckMs: number;
  temporalUiUrl: string;
  namespace: string;
  /** Keys per health-sweep batch (a child workflow each); absent in schedules made before it existed. */
  healthSweepBatchSize?: number;
}

export type RunbookSource = 'command' | 'shortcut' | 'health_alert';

export interface KeyLeakRunbookInput {
  incidentId: string;
  requestId: string;
  provider: Provider;
  environment: KeyEnvironment;
  /** Set when the leaked key is known (a shortcut on a message holding it, or a health alert). */
  leakedKeyId?: string;
  actorSlackId: string;
  source: RunbookSource;
  settings: OnCallSettings;
}

export const RUNBOOK_STEPS = ['contain', 'impact', 'replace', 'verify', 'revoke_at_provider', 'all_clear'] as const;
export type RunbookStep = (typeof RUNBOOK_STEPS)[number];

export const RUNBOOK_STEP_LABELS: Record<RunbookStep | 'opened' | 'cancelled' | 'verify_failed', string> = {
  opened: 'Incident opened',
  contain: 'Contain: leaked key marked compromised, no longer served',
  impact: 'Impact listed',
  replace: 'Replacement key activated',
  verify: 'Test chat with the new key succeeded',
  verify_failed: 'Test chat with the new key failed',
  revoke_at_provider: 'Leaked key revoked at the provider (confirmed)',
  all_clear: 'All-clear',
  cancelled: 'Incident cancelled',
};

export interface TimelineEntry {
  step: keyof typeof RUNBOOK_STEP_LABELS;
  /** Slack user id, or "warden" for automatic steps. */
  actor: string;
  /** ISO time. */
  at: string;
  detail?: string;
}

/** A key activated for the incident's slot, as addProviderKey reports it to the runbook. */
export interface ReplacementKey {
  keyId: string;
  maskedKey: string;
  fingerprint: string;
  actorSlackId: string;
}

/** What the runbook exposes to queries: where it is, and everything that happened. */
export interface RunbookState {
  incidentId: string;
  step: RunbookStep | 'cancelled' | 'closed';
  waitingFor: string | null;
  compromisedKeyId: string | null;
  replacementKeyId: string | null;
  timeline: TimelineEntry[];
}

/** Verdicts that mean the key itself is unusable: they alert. Outages and rate limits do not. */
export const ALERTING_VERDICTS: readonly HealthVerdict[] = ['invalid_or_revoked', 'quota_exhausted', 'permission_or_billing'];

export interface HealthSweepInput {
  settings: OnCallSettings;
}

/** One batch of a health sweep: the next `limit` active keys after `afterKeyId` (by id). */
export interface HealthSweepBatchInput {
  afterKeyId: string | null;
  limit: number;
  settings: OnCallSettings;
}

/** What a sweep batch reports to its sweep: counts, and the keys it alerted on or saw recover. */
export interface HealthSweepBatchSummary {
  next: string | null;
  checked: number;
  healthy: number;
  frozen: number;
  deferred: number;
  alerted: string[];
  recovered: string[];
}

export interface HealthSweepSummary {
  checked: number;
  healthy: number;
  alerted: string[];
  recovered: string[];
  findings: string[];
  /** Active keys left unchecked because break-glass covers their slot. */
  frozen: number;
  /** Active keys left unchecked because their provider kept answering 429 (rate limited) through every backoff. */
  deferred?: number;
  /** Batches (child workflows) the sweep ran. */
  batches?: number;
}

export interface RotationSweepInput {
  settings: OnCallSettings;
}

export interface DepartedAdminInput {
  slackUserId: string;
  /** The access change that triggered this (grant id, workflow id), for the audit trail and dedupe. */
  requestId: string;
  settings: OnCallSettings;
  /** The role that ended; absent (runs started before builders were included) means admin. */
  role?: 'admin' | 'builder';
}

/** Provider consoles where a leaked key is revoked by hand. */
export const PROVIDER_CONSOLE_URLS: Record<Provider, string> = {
  openai: 'https://platform.openai.com/api-keys',
  anthropic: 'https://console.anthropic.com/settings/keys',
  gemini: 'https://aistudio.google.com/app/apikey',
  openai_compatible: '',
};

/** Signal names of the runbook (workflows/messages defines them; the bot signals by name). */
export const RUNBOOK_SIGNALS = {
  replacementKeyActivated: 'replacementKeyActivated',
  retryVerification: 'retryVerification',
  revokedAtProvider: 'revokedAtProvider',
  cancelIncident: 'cancelIncident',
} as const;
