import { approvalRefusal, type ApprovalCheck } from '../../lib/access/approval-rules';
import { isOrgAdmin } from '../../lib/access/org-admin';
import type { ActorProof } from '../../lib/contracts';
import type { ActivityDeps } from '../deps';
import { requireActor } from '../trust/require-actor';

export interface ApprovalClickCheck {
  proof: ActorProof;
  approverSlackId: string;
  /** What a refusal to prove the clicker is recorded against. */
  target: string;
  requesterSlackId: string;
  memberSlackId: string;
  allowedApprovers: string[];
  /** Who decides besides the allowed list: org admins unless the request type names its own roles. */
  isApprover?: (slackUserId: string, now: Date) => Promise<boolean>;
  wording?: ApprovalCheck['wording'];
}

/**
 * The activity half of four-eyes, shared by every request approved in Slack: the click must be proven to come
 * from the clicker through Warden, and the shared rules (lib/access/approval-rules) must let it count.
 * Answers why it does not count, or null; each request type adds its own checks and audits the outcome.
 */
export async function refuseApprovalClick(d: Pick<ActivityDeps, 'members' | 'audit' | 'actorAssertions' | 'clock'>, c: ApprovalClickCheck): Promise<string | null> {
  await requireActor(d, { proof: c.proof, claimedActor: c.approverSlackId, target: c.target });
  const now = d.clock();
  const clicker = await d.members.findBySlackId(c.approverSlackId);
  const isApprover = c.isApprover ?? ((id: string, at: Date) => isOrgAdmin(d.members, id, at));
  return approvalRefusal({
    clickerSlackId: c.approverSlackId,
    clickerIsMember: clicker !== null,
    clickerIsAdmin: clicker !== null && (await isApprover(c.approverSlackId, now)),
    requesterSlackId: c.requesterSlackId,
    memberSlackId: c.memberSlackId,
    allowedApprovers: c.allowedApprovers,
    ...(c.wording ? { wording: c.wording } : {}),
  });
}
