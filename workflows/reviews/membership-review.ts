import { executeChild, sleep, workflowInfo } from '@temporalio/workflow';
import { assertedAction, SYSTEM_ACTOR, type AccessWorkflowSettings, type MembershipReviewInput, type MembershipReviewResult, type ReviewTally, type Signed } from '../../lib/contracts';
import { startProof } from '../actor-proof';
import { accessGovernance, reviewGovernance as reviews, reviewSlack, trust } from '../activity-options';
import { bestEffort } from '../workflow-helpers';
import { openReviewRoleRequests } from './open-review-role-requests';
import { settleReviewBatch } from './settle-review-batch';

const REVIEWERS_PER_PAGE = 50;
// Pages of reviewer DMs sent side by side: each page is its own activity (its own exactly-once keys), so a
// retry repeats one page. Eight bring a 100,000-member opening (about 5,000 DMs) near half a minute; Slack's
// rate limits answer 429, which fails the page's activity and Temporal retries it (posts already made are kept).
const REVIEWER_PAGES_AT_ONCE = 8;
const SNAPSHOT_BATCHES_AT_ONCE = 3;
// Settle batches (child workflows) run side by side: each is mostly waiting on PostgreSQL and Temporal.
const SETTLE_BATCHES_AT_ONCE = 3;
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

  const { deadline } = await reviews.openReview({ proof: startProof(input), reviewId, deadlineMs: s.deadlineMs, startedBySlackId: input.startedBySlackId });
  // Pages of members side by side: each is one INSERT … SELECT in PostgreSQL, nothing per member in Warden.
  const memberStarts = await reviews.memberPageStarts({ limit: s.batchSize });
  await inParallel(memberStarts, SNAPSHOT_BATCHES_AT_ONCE, (after) => reviews.snapshotReviewBatch({ reviewId, afterMemberId: after, limit: s.batchSize, inactiveAfterMs: s.inactiveAfterMs }));
  const counts = await reviews.finishReviewSnapshot({ reviewId });
  const pageStarts = await reviews.reviewerPageStarts({ reviewId, limit: REVIEWERS_PER_PAGE });
  await inParallel(pageStarts, REVIEWER_PAGES_AT_ONCE, (after) => reviewSlack.notifyReviewerPage({ reviewId, deadline, after, limit: REVIEWERS_PER_PAGE }));
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
  const tally: ReviewTally = { kept: 0, revoked: 0, roleChanged: 0, revokedMissed: 0, flagged: 0 };
  const settleStarts = await reviews.settlePageStarts({ reviewId, limit: s.batchSize });
  await inParallel(settleStarts.map((after, n) => ({ after, n })), SETTLE_BATCHES_AT_ONCE, async ({ after, n }) => {
    const workflowId = `${reviewId}:settle:${n}`;
    const args = { reviewId, afterItemId: after, limit: s.batchSize, missedPolicy: s.missedPolicy, onCall: s.onCall, access: s.access };
    const assertion = await trust.assertForWorkflow({ actor: SYSTEM_ACTOR, action: assertedAction.start('settleReviewBatch'), workflowId, args });
    const batch: { tally: ReviewTally } = await executeChild(settleReviewBatch, { workflowId, args: [{ ...args, assertion }] });
    for (const k of Object.keys(tally) as Array<keyof ReviewTally>) tally[k] += batch.tally[k];
  });
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

/** Runs `run` over `items`, at most `width` at a time (deterministic: workflow code). */
async function inParallel<T>(items: readonly T[], width: number, run: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
}
