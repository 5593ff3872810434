import type { OnCallSettings } from './oncall';
import type { Role } from './roles';

/** Access timings and approver groups from config, handed to workflows in their input. */
export interface AccessWorkflowSettings {
  approversChannel: string;
  reminderAfterMs: number;
  escalateAfterMs: number;
  expireAfterMs: number;
  /** Who may approve each role besides admins. */
  roleApprovers: Partial<Record<Role, string[]>>;
  /** Distinct approvals each role needs (default 1). */
  requiredApprovals: Partial<Record<Role, number>>;
  /** May decide once a request has been escalated. */
  escalationApprovers: string[];
  temporalUiUrl: string;
  namespace: string;
  /** When an admin role ends, the on-call side is asked to rotate the keys that person could see. */
  onCall: OnCallSettings;
}

export interface RoleGrantRequestInput {
  requestId: string;
  requesterSlackId: string;
  memberSlackId: string;
  role: Role;
  /** Null for a grant without an end. */
  durationSeconds: number | null;
  /**
   * A fixed end instead of a duration: a role changed by a membership review keeps the end date of the
   * grant it replaces (ISO time).
   */
  endsAt?: string;
  reason: string;
  settings: AccessWorkflowSettings;
}

export type GrantRequestState = 'pending' | 'approved' | 'denied' | 'expired' | 'revoked';

/** What the approval message shows; the workflow owns it and re-renders it on every step. */
export interface GrantRequestView {
  workflowId: string;
  grantId: string;
  role: Role;
  memberSlackId: string;
  requesterSlackId: string;
  reason: string;
  durationSeconds: number | null;
  /** A fixed end (a role changed by a review keeps its old grant's end). */
  endsAt?: string;
  state: GrantRequestState;
  requiredApprovals: number;
  approvals: Array<{ slackUserId: string; at: string }>;
  escalated: boolean;
  decidedBySlackId?: string;
  decidedAt?: string;
  expiresAt?: string;
  endedAt?: string;
  note?: string;
}

export interface GrantDecision {
  approverSlackId: string;
  decision: 'approve' | 'deny';
  /** Admin grants need this from the confirmation modal (requester, role, duration and reason shown). */
  confirmedAdminGrant?: boolean;
}

export interface GrantDecisionResult {
  accepted: boolean;
  message: string;
  state: GrantRequestState;
}

export interface RevokeGrantRequest {
  actorSlackId: string;
  reason: string;
}

export interface RoleGrantRequestResult {
  grantId: string;
  state: GrantRequestState;
}

export interface RevokeRoleGrantInput {
  requestId: string;
  actorSlackId: string;
  memberSlackId: string;
  role: Role;
  reason: string;
  onCall: OnCallSettings;
}

export interface RegisterMemberWorkflowInput {
  requestId: string;
  actorSlackId: string;
  slackUserId: string;
  email: string;
  displayName: string;
  contractor: boolean;
  utilityAccount: boolean;
  managerSlackId?: string;
}

/** Button action ids on the approval message; the value carries the workflow and grant ids. */
export const GRANT_ACTIONS = { approve: 'warden_grant_approve', deny: 'warden_grant_deny' } as const;
/** Names of the request workflow's messages, shared by workflows/messages and the bot. */
export const GRANT_MESSAGES = { decide: 'decideGrant', revoke: 'revokeGrant', view: 'grantRequest' } as const;
export const ADMIN_GRANT_CONFIRM_CALLBACK_ID = 'warden_grant_admin_confirm';

export interface GrantButtonValue {
  workflowId: string;
  grantId: string;
  /**
   * The requested role, so the bot can tell an Approve that opens the admin confirmation modal before reading the
   * grant. Only a scheduling hint: who may approve is decided from the grant row. Absent on older messages.
   */
  role?: Role;
}

/** Non-admin approvers for a role at this point of the request (role group, plus escalation group once escalated). */
export function allowedApprovers(settings: Pick<AccessWorkflowSettings, 'roleApprovers' | 'escalationApprovers'>, role: Role, escalated: boolean): string[] {
  return [...(settings.roleApprovers[role] ?? []), ...(escalated ? settings.escalationApprovers : [])];
}

export function requiredApprovals(settings: Pick<AccessWorkflowSettings, 'requiredApprovals'>, role: Role): number {
  return settings.requiredApprovals[role] ?? 1;
}

/** Where a break-glass request asks for the second admin, and how long it waits. */
export interface BreakGlassSettings {
  channel: string;
  confirmWithinMs: number;
}

export interface BreakGlassInput {
  requestId: string;
  scope: string;
  reason: string;
  actorSlackId: string;
  settings: BreakGlassSettings;
}

export interface LiftBreakGlassInput {
  requestId: string;
  scope: string;
  reason: string;
  actorSlackId: string;
  settings: BreakGlassSettings;
}

export type BreakGlassState = 'pending' | 'active' | 'cancelled';

export interface BreakGlassRequestView {
  workflowId: string;
  flagId: string;
  scope: string;
  reason: string;
  requestedBySlackId: string;
  state: BreakGlassState;
  confirmedBySlackId?: string;
  at?: string;
}

export const BREAK_GLASS_CONFIRM_ACTION = 'warden_breakglass_confirm';
export const BREAK_GLASS_MESSAGES = { confirm: 'confirmBreakGlass' } as const;

export interface BreakGlassButtonValue {
  workflowId: string;
  flagId: string;
}
