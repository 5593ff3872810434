export interface ApprovalCheck {
  clickerSlackId: string;
  /** The clicker maps to a named member record (Slack user id and email). */
  clickerIsMember: boolean;
  clickerIsAdmin: boolean;
  requesterSlackId: string;
  memberSlackId: string;
  /** Non-admins allowed to decide this request now (role group, plus the escalation group once escalated). */
  allowedApprovers: readonly string[];
}

/**
 * Four-eyes, in one place for the bot (fast feedback) and the activity (the authority): a reason the
 * click must not count, or null when it may.
 */
export function approvalRefusal(c: ApprovalCheck): string | null {
  if (!c.clickerIsMember) {
    return 'Only registered members can approve access. Ask an admin to add you with `/warden access member add`.';
  }
  if (c.clickerSlackId === c.requesterSlackId) return 'You requested this access, so someone else has to approve or deny it.';
  if (c.clickerSlackId === c.memberSlackId) return 'You cannot decide on a role for yourself.';
  if (c.clickerIsAdmin || c.allowedApprovers.includes(c.clickerSlackId)) return null;
  return 'You are not an approver for this role: admins and the configured approver group decide.';
}
