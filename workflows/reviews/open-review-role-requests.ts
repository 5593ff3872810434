import { log, ParentClosePolicy, startChild, WorkflowIdReusePolicy } from '@temporalio/workflow';
import { assertedAction, type AccessWorkflowSettings, type OpenReviewRoleRequestsInput, type ReviewRoleRequest, type Signed } from '../../lib/contracts';
import { startProof } from '../actor-proof';
import { reviewGovernance } from '../activity-options';
import { roleGrantRequest } from '../access/role-grant-request';
import { bestEffort, describeFailure } from '../workflow-helpers';

const NOTICES_PER_ACTIVITY = 25;

/**
 * One page of a closed review's "change role" decisions, in its own workflow so the review's history stays
 * small. A reviewer's "change role" never grants anything: it opens a normal access request for the new role,
 * asked by the reviewer and approved by someone else under the usual rules. One activity reads the page, one
 * signs every request, the requests start side by side, one activity tells the members whose request started.
 */
export async function openReviewRoleRequests(input: Signed<OpenReviewRoleRequestsInput>): Promise<{ next: string | null; opened: number }> {
  const { next, requests } = await reviewGovernance.reviewRoleRequestPage({ proof: startProof(input) });
  if (requests.length === 0) return { next, opened: 0 };
  const planned = requests.map((r) => plan(r, input.access));
  const assertions = await reviewGovernance.assertRoleRequests({
    requests: planned.map((p) => ({ actor: p.r.requesterSlackId, action: assertedAction.start('roleGrantRequest'), workflowId: p.workflowId, args: p.args })),
  });
  const started = await Promise.all(
    planned.map(async (p, n) => {
      try {
        await startChild(roleGrantRequest, {
          workflowId: p.workflowId,
          args: [{ ...p.args, assertion: assertions[n]! }],
          parentClosePolicy: ParentClosePolicy.ABANDON,
          // One request per review item, even when this page is run again.
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        });
        return p.r;
      } catch (err) {
        log.info('Role request for a review item not started (already started, or refused)', { itemId: p.r.itemId, error: describeFailure(err) });
        return null;
      }
    }),
  );
  const notices = started
    .filter((r): r is ReviewRoleRequest => r !== null)
    .map((r) => ({
      user: r.memberSlackId,
      text: `:clipboard: The membership review ended your *${r.fromRole}* role. <@${r.requesterSlackId}> asked for *${r.role}* instead; it starts once someone else approves it.`,
    }));
  // A few DM activities side by side (each keeps its own posts' order, which makes them exactly-once).
  const chunks = Array.from({ length: Math.ceil(notices.length / NOTICES_PER_ACTIVITY) }, (_, n) => notices.slice(n * NOTICES_PER_ACTIVITY, (n + 1) * NOTICES_PER_ACTIVITY));
  await Promise.all(chunks.map((chunk) => bestEffort('tell the members', reviewGovernance.notifyRoleRequestMembers({ notices: chunk }))));
  return { next, opened: notices.length };
}

/** The access request a reviewer's "change role" turns into, started on the reviewer's behalf. */
function plan(r: ReviewRoleRequest, settings: AccessWorkflowSettings) {
  const workflowId = `access-request:review:${r.itemId}`;
  const args = {
    requestId: workflowId,
    requesterSlackId: r.requesterSlackId,
    memberSlackId: r.memberSlackId,
    role: r.role,
    durationSeconds: null,
    ...(r.endsAt ? { endsAt: r.endsAt } : {}),
    reason: `Membership review: the reviewer changed this member's role from ${r.fromRole} to ${r.role}.`,
    settings,
  };
  return { r, workflowId, args };
}
