import type { Role } from './roles';

export const DSAR_KINDS = ['export', 'erase'] as const;
export type DsarKind = (typeof DSAR_KINDS)[number];

/** How the subject's identity was checked before the request was made; the request records which, and by whom. */
export const VERIFICATION_METHODS = ['id-document', 'email-confirmation', 'account-login', 'authorized-agent'] as const;
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];

/** DSAR timings and approver rules from config, handed to the request workflow in its input. */
export interface DsarSettings {
  /** The compliance channel, where approval threads open. */
  channel: string;
  /** Legal deadline per regime (gdpr 30 days, ccpa 45 days unless configured otherwise). */
  regimes: Record<string, number>;
  /**
   * After the escalation, how often an unanswered request is raised again. Absent from the input of a request
   * opened before this setting existed: it is reminded daily.
   */
  overdueEveryMs?: number;
  defaultRegime: string;
  /** Who may request, approve, place holds: these roles (admins by default among them). */
  roles: Role[];
  requiredApprovals: number;
  /** How long a download link stays valid. */
  linkTtlMs: number;
  temporalUiUrl: string;
  namespace: string;
}

export interface DsarVerification {
  method: VerificationMethod;
  verifiedBySlackId: string;
  note: string;
}

export interface DsarRequestInput {
  requestId: string;
  kind: DsarKind;
  /** The sealed subject (sealed_secrets id): the address itself never enters workflow history. */
  subjectRef: string;
  /** Masked, for people: j***@example.com. */
  subjectLabel: string;
  regime: string;
  requesterSlackId: string;
  verification: DsarVerification;
  reason: string;
  settings: DsarSettings;
}

export type DsarState = 'pending' | 'approved' | 'denied' | 'fulfilled' | 'failed';

/** What the approval message shows; the workflow owns it and re-renders it on every step. */
export interface DsarView {
  workflowId: string;
  kind: DsarKind;
  subjectLabel: string;
  /** The keyed pseudonym's first characters: enough to match audit events, nothing about the person. */
  pseudonymHint: string;
  regime: string;
  deadlineAt: string;
  requesterSlackId: string;
  verification: DsarVerification;
  reason: string;
  state: DsarState;
  requiredApprovals: number;
  approvals: Array<{ slackUserId: string; at: string }>;
  decidedBySlackId?: string;
  denialReason?: string;
  outcome?: string;
}

export interface DsarDecision {
  approverSlackId: string;
  decision: 'approve' | 'deny';
  /** Required with a denial: the requester is told it. */
  reason?: string;
}

export interface DsarDecisionResult {
  accepted: boolean;
  message: string;
  state: DsarState;
}

export interface DsarRequestResult {
  requestId: string;
  state: DsarState;
}

export const DSAR_ACTIONS = { approve: 'warden_dsar_approve', deny: 'warden_dsar_deny' } as const;
export const DSAR_MESSAGES = { decide: 'decideDsar', view: 'dsarRequest' } as const;
/** The modal a Deny click opens: the reason is required, refused inline when empty. */
export const DSAR_DENY_CALLBACK_ID = 'warden_dsar_deny';

export interface DsarButtonValue {
  workflowId: string;
}

export type LegalHoldTarget = { kind: 'subject'; subjectRef: string; subjectLabel: string } | { kind: 'conversation'; conversationId: string };

export interface LegalHoldInput {
  requestId: string;
  action: 'place' | 'lift';
  target: LegalHoldTarget;
  reason: string;
  actorSlackId: string;
  settings: DsarSettings;
}

export interface LegalHoldResult {
  ok: boolean;
  message: string;
}

/** The request's deadline thresholds: compliance is reminded at each fraction and escalated at the deadline. */
export const DSAR_REMINDER_FRACTIONS = [0.5, 0.8] as const;

/** The sealed subject's id for a request: the bot seals it under this id before it starts the workflow. */
export const dsarSubjectRef = (requestId: string) => `dsar-subject:${requestId}`;

/** j***@example.com, or the first characters of an end-user id: enough to recognise, not to read out. */
export function maskSubject(subject: string): string {
  const at = subject.indexOf('@');
  if (at > 0) return `${subject[0]}***${subject.slice(at)}`;
  return subject.length <= 4 ? '***' : `${subject.slice(0, 4)}***`;
}

/** What an erasure did, per table and in total (the shape of lib/data-rights' report, without identifiers). */
export interface ErasureOutcome {
  subjectHeld: boolean;
  tables: Array<{
    table: string;
    recordType: string;
    strategy: string;
    matched: number;
    erased: number;
    nulled: number;
    pseudonymised: number;
    kept: ErasureKept;
    note?: string;
  }>;
  totals: { matched: number; erased: number; nulled: number; pseudonymised: number; kept: ErasureKept };
}

/** Records erasure kept, by reason. `referenced` is absent from reports recorded before it was counted. */
export interface ErasureKept {
  legalHold: number;
  retention: number;
  strategy: number;
  /** Rows other kept records still point at. */
  referenced?: number;
}

export const keptTotal = (k: ErasureKept) => k.legalHold + k.retention + k.strategy + (k.referenced ?? 0);
