export interface ApprovalCheck {
  clickerSlackId: string;
  /** The clicker maps to a named member record (Slack user id and email). */
  clickerIsMember: boolean;
  /** Admins, or for a request type with its own approver roles, a holder of one of them (DSAR: compliance). */
  clickerIsAdmin: boolean;
  requesterSlackId: string;
  /** The person the request is about, when that is a Slack member (a grant's member); '' when not. */
  memberSlackId: string;
  /** Non-admins allowed to decide this request now (role group, plus the escalation group once escalated). */
  allowedApprovers: readonly string[];
  /** How a refusal reads for this kind of request; role grants by default. */
  wording?: ApprovalWording;
}

export interface ApprovalWording {
  notMember: string;
  ownRequest: string;
  notApprover: string;
}

const GRANT_WORDING: ApprovalWording = {
  notMember: 'Only registered members can approve access. Ask an admin to add you with `/warden access member add`.',
  ownRequest: 'You requested this access, so someone else has to approve or deny it.',
  notApprover: 'You are not an approver for this role: admins and the configured approver group decide.',
};

/**
 * Four-eyes, in one place for the bot (fast feedback) and the activity (the authority), for every request
 * people approve in Slack: a reason the click must not count, or null when it may.
 */
export function approvalRefusal(c: ApprovalCheck): string | null {
  const wording = c.wording ?? GRANT_WORDING;
  if (!c.clickerIsMember) return wording.notMember;
  if (c.clickerSlackId === c.requesterSlackId) return wording.ownRequest;
  if (c.memberSlackId && c.clickerSlackId === c.memberSlackId) return 'You cannot decide on a role for yourself.';
  if (c.clickerIsAdmin || c.allowedApprovers.includes(c.clickerSlackId)) return null;
  return wording.notApprover;
}
