import { executeChild, patched, sleep, workflowInfo } from '@temporalio/workflow';
import { assertedAction, SYSTEM_ACTOR, type AccessWorkflowSettings, type MembershipReviewInput, type MembershipReviewResult, type Signed } from '../../lib/contracts';
import { startProof } from '../actor-proof';
import { accessGovernance, reviewGovernance as reviews, reviewSlack, trust } from '../activity-options';
import { bestEffort } from '../workflow-helpers';
import { openReviewRoleRequests } from './open-review-role-requests';
import { notifyReviewers, REVIEWERS_PER_PAGE, settleItems, snapshotMembers } from './review-pages';

const PAGES_SIDE_BY_SIDE = 'review-pages-side-by-side';
// Access requests for new roles opened per child workflow (each start is a few events in its history).
const ROLE_REQUESTS_PER_PAGE = 100;

/**
 * The quarterly membership review: snapshot every grant in force, ask each reviewer by DM, remind,
 * escalate after the deadline, then settle (revocations through the grant workflows), close with
 * evidence tied to the audit chain, and summarise for compliance. History stays small at 100,000
 * members: batches are activities or child workflows, and decisions arrive in their own workflows.
 * Started by its schedule (Warden's own assertion) or by an admin (theirs); openReview checks which.
 */
export async function membershipReview(input: Signed<MembershipReviewInput>): Promise<MembershipReviewResult> {
  const s = input.settings;
  const reviewId = workflowInfo().workflowId;
  const compliance = (text: string) => bestEffort('post in the compliance channel', reviews.postComplianceNotice({ channel: s.complianceChannel, text }));

  // Reviews opened before pages ran side by side replay one page at a time (review-pages.ts).
  const sideBySide = patched(PAGES_SIDE_BY_SIDE);
  const { deadline } = await reviews.openReview({ proof: startProof(input), reviewId, deadlineMs: s.deadlineMs, startedBySlackId: input.startedBySlackId });
  await snapshotMembers(reviewId, s, sideBySide);
  const counts = await reviews.finishReviewSnapshot({ reviewId });
  await notifyReviewers(reviewId, deadline, sideBySide);
  await compliance(
    `:clipboard: Membership review \`${reviewId}\` is open: ${counts.memberCount} member(s), ${counts.itemCount} grant(s), ${counts.reviewerCount} reviewer(s). Deadline ${deadline.slice(0, 16).replace('T', ' ')} UTC.`,
  );

  const allDecided = async () => {
    const p = await reviews.reviewProgress({ reviewId });
    return { done: p.decided >= p.total, ...p };
  };
  const remind = async (escalated: boolean) => {
    const reviewers: string[] = [];
    for (let after: string | null = null; ; ) {
      const page: { next: string | null; reviewers: string[] } = await reviewSlack.remindReviewerPage({ reviewId, deadline, after, limit: REVIEWERS_PER_PAGE, escalated });
      reviewers.push(...page.reviewers.slice(0, 20 - reviewers.length));
      if (!page.next) break;
      after = page.next;
    }
    return reviewers;
  };

  // Reminders until the deadline, unless every decision is in.
  const deadlineAt = Date.parse(deadline);
  while (Date.now() < deadlineAt) {
    await sleep(Math.max(Math.min(s.reminderEveryMs, deadlineAt - Date.now()), 1));
    const progress = await allDecided();
    if (progress.done) break;
    if (Date.now() >= deadlineAt) break;
    const waiting = await remind(false);
    await compliance(`:bell: Review \`${reviewId}\`: ${progress.decided} of ${progress.total} decided. Reminded ${waiting.map((r) => `<@${r}>`).join(' ')}.`);
  }

  // Escalation after the deadline, then a grace period before the review closes.
  const progress = await allDecided();
  if (!progress.done) {
    const overdue = await remind(true);
    const text = `:rotating_light: Review \`${reviewId}\` passed its deadline with ${progress.total - progress.decided} grant(s) undecided. Overdue reviewers include ${overdue.map((r) => `<@${r}>`).join(' ')}. It closes in ${Math.round(s.graceMs / 3_600_000)}h; policy \`${s.missedPolicy}\` applies to what is left.`;
    await compliance(text);
    await bestEffort('tell the escalation group', reviews.notifyEscalationApprovers({ users: s.escalationApprovers, text }));
    await sleep(Math.max(s.graceMs, 1));
  }

  // Break-glass on access grants pauses what changes access: the revocations wait until it is lifted.
  for (let told = false; ; told = true) {
    const flag = await accessGovernance.breakGlassFlag({ scope: 'access-grants' });
    if (!flag) break;
    if (!told) await compliance(`:red_circle: Review \`${reviewId}\` is ready to close, but break-glass is on for \`${flag.scope}\`: its revocations wait until an admin lifts it.`);
    await sleep(s.breakGlassRecheckMs);
  }

  // Settle in child workflows, a batch each (the review's history grows by a few events per batch, and each
  // batch's own by its few role requests), then close with evidence written as a stream.
  const tally = await settleItems(reviewId, s, sideBySide);
  const evidence = await reviews.closeReview({ reviewId, tally });
  await compliance(
    [
      `:white_check_mark: Membership review \`${reviewId}\` closed: ${counts.memberCount} member(s), ${counts.itemCount} grant(s).`,
      `Kept ${tally.kept} · revoked ${tally.revoked} · revoked with a request for a new role ${tally.roleChanged} · revoked for a missed review ${tally.revokedMissed} · kept and flagged ${tally.flagged}.`,
      `Evidence sha256 \`${evidence.evidenceSha256.slice(0, 16)}…\`, tied to audit head \`${evidence.auditHeadHash.slice(0, 16)}…\`: \`GET /v1/reviews/evidence?review=${reviewId}&format=csv\` (or json) on the key API.`,
    ].join('\n'),
  );
  await openRoleRequests(reviewId, s.access);
  return { reviewId, memberCount: counts.memberCount, itemCount: counts.itemCount, tally, ...evidence };
}

/**
 * After the close (revocations done, evidence written): the access requests the reviewers' "change role"
 * decisions asked for, a page of them per child workflow. They come last so thousands of new approval
 * workflows never hold up the revocations and the evidence.
 */
async function openRoleRequests(reviewId: string, access: AccessWorkflowSettings): Promise<void> {
  for (let after: string | null = null, n = 0; ; n += 1) {
    const workflowId = `${reviewId}:role-requests:${n}`;
    const args = { reviewId, afterItemId: after, limit: ROLE_REQUESTS_PER_PAGE, access };
    const assertion = await trust.assertForWorkflow({ actor: SYSTEM_ACTOR, action: assertedAction.start('openReviewRoleRequests'), workflowId, args });
    const page: { next: string | null } = await executeChild(openReviewRoleRequests, { workflowId, args: [{ ...args, assertion }] });
    if (!page.next) return;
    after = page.next;
  }
}
