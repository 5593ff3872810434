import type { AccessWorkflowSettings } from './access-workflows';
import type { OnCallSettings } from './oncall';
import type { Role } from './roles';

export const REVIEW_MISSED_POLICIES = ['revoke-contractors', 'flag-all'] as const;
export type ReviewMissedPolicy = (typeof REVIEW_MISSED_POLICIES)[number];

/** Review timings and destinations from config; the schedule bakes them into each run's input. */
export interface ReviewSettings {
  complianceChannel: string;
  deadlineMs: number;
  /** After the deadline: escalation, then this long before the review closes. */
  graceMs: number;
  reminderEveryMs: number;
  inactiveAfterMs: number;
  missedPolicy: ReviewMissedPolicy;
  escalationApprovers: string[];
  /** Members snapshotted per activity, and items settled per child workflow. */
  batchSize: number;
  temporalUiUrl: string;
  namespace: string;
  /** An admin grant revoked by the review raises rotation of the keys that person could see. */
  onCall: OnCallSettings;
  /** A reviewer's "change role" opens a normal access request for the new role, under these rules. */
  access: AccessWorkflowSettings;
  /** While break-glass covers access-grants, the review's revocations wait; this is how often it looks again. */
  breakGlassRecheckMs: number;
}

export interface MembershipReviewInput {
  settings: ReviewSettings;
  startedBySlackId?: string;
}

export interface ReviewTally {
  kept: number;
  revoked: number;
  roleChanged: number;
  revokedMissed: number;
  flagged: number;
}

export interface MembershipReviewResult {
  reviewId: string;
  memberCount: number;
  itemCount: number;
  tally: ReviewTally;
  evidenceSha256: string;
  auditHeadHash: string;
}

export interface SettleReviewBatchInput {
  reviewId: string;
  afterItemId: string | null;
  limit: number;
  missedPolicy: ReviewMissedPolicy;
  onCall: OnCallSettings;
  access: AccessWorkflowSettings;
}

/** One page of a closed review's "change role" decisions, each opened as an access request for the new role. */
export interface OpenReviewRoleRequestsInput {
  reviewId: string;
  afterItemId: string | null;
  limit: number;
  access: AccessWorkflowSettings;
}

/** A reviewer's "change role", at close: the old grant is revoked and this request opens for approval. */
export interface ReviewRoleRequest {
  itemId: string;
  memberSlackId: string;
  /** The reviewer: they ask, so they cannot approve it themselves. */
  requesterSlackId: string;
  fromRole: Role;
  role: Role;
  /** The replaced grant's end (ISO), kept by the new grant; null for a grant without an end. */
  endsAt: string | null;
}

export type ReviewDecisionKind = 'keep' | 'revoke' | 'change_role';

export interface RecordReviewDecisionInput {
  requestId: string;
  itemId: string;
  reviewerSlackId: string;
  decision: ReviewDecisionKind;
  newRole: Role | null;
}

export interface RecordReviewDecisionResult {
  accepted: boolean;
  message: string;
}

export const REVIEW_ACTIONS = { keep: 'warden_review_keep', revoke: 'warden_review_revoke', changeRole: 'warden_review_change_role' } as const;
/** One schedule per task queue (the deployment), so parallel test stacks on one server stay apart. */
export const reviewScheduleId = (taskQueue: string) => `warden-membership-review:${taskQueue}`;

/** Button value (Keep / Revoke) or select option value (Change role to …). */
export interface ReviewActionValue {
  itemId: string;
  role?: Role;
}
