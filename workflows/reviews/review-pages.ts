import { executeChild } from '@temporalio/workflow';
import { assertedAction, SYSTEM_ACTOR, type ReviewSettings, type ReviewTally } from '../../lib/contracts';
import { reviewGovernance as reviews, reviewSlack, trust } from '../activity-options';
import { settleReviewBatch } from './settle-review-batch';

export const REVIEWERS_PER_PAGE = 50;
// Pages of reviewer DMs sent side by side: each page is its own activity (its own exactly-once keys), so a
// retry repeats one page. Eight bring a 100,000-member opening (about 5,000 DMs) near half a minute; Slack's
// rate limits answer 429, which fails the page's activity and Temporal retries it (posts already made are kept).
const REVIEWER_PAGES_AT_ONCE = 8;
const SNAPSHOT_BATCHES_AT_ONCE = 3;
// Settle batches (child workflows) run side by side: each is mostly waiting on PostgreSQL and Temporal.
const SETTLE_BATCHES_AT_ONCE = 3;

// A review runs for weeks, so one started by the previous version replays its history on this one: `sideBySide`
// is false for it (workflow.patched), and it goes on one page at a time, issuing the commands its history holds.

/** The snapshot, a page of members per activity: each one INSERT … SELECT in PostgreSQL, nothing per member here. */
export async function snapshotMembers(reviewId: string, s: ReviewSettings, sideBySide: boolean): Promise<void> {
  const batch = (after: string | null) => reviews.snapshotReviewBatch({ reviewId, afterMemberId: after, limit: s.batchSize, inactiveAfterMs: s.inactiveAfterMs });
  if (sideBySide) return inParallel(await reviews.memberPageStarts({ limit: s.batchSize }), SNAPSHOT_BATCHES_AT_ONCE, batch);
  for (let after: string | null = null; ; ) {
    const page: { nextCursor: string | null } = await batch(after);
    if (!page.nextCursor) return;
    after = page.nextCursor;
  }
}

/** Every reviewer's DMs, a page of reviewers per activity. */
export async function notifyReviewers(reviewId: string, deadline: string, sideBySide: boolean): Promise<void> {
  const page = (after: string | null) => reviewSlack.notifyReviewerPage({ reviewId, deadline, after, limit: REVIEWERS_PER_PAGE });
  if (sideBySide) return inParallel(await reviews.reviewerPageStarts({ reviewId, limit: REVIEWERS_PER_PAGE }), REVIEWER_PAGES_AT_ONCE, page);
  for (let after: string | null = null; ; ) {
    const done: { next: string | null } = await page(after);
    if (!done.next) return;
    after = done.next;
  }
}

/** Settles every item, a page per child workflow (started with Warden's own assertion), and answers the tally. */
export async function settleItems(reviewId: string, s: ReviewSettings, sideBySide: boolean): Promise<ReviewTally> {
  const tally: ReviewTally = { kept: 0, revoked: 0, roleChanged: 0, revokedMissed: 0, flagged: 0 };
  const settle = async (after: string | null, n: number) => {
    const workflowId = `${reviewId}:settle:${n}`;
    const args = { reviewId, afterItemId: after, limit: s.batchSize, missedPolicy: s.missedPolicy, onCall: s.onCall, access: s.access };
    const assertion = await trust.assertForWorkflow({ actor: SYSTEM_ACTOR, action: assertedAction.start('settleReviewBatch'), workflowId, args });
    const batch: { next: string | null; tally: ReviewTally } = await executeChild(settleReviewBatch, { workflowId, args: [{ ...args, assertion }] });
    for (const k of Object.keys(tally) as Array<keyof ReviewTally>) tally[k] += batch.tally[k];
    return batch.next;
  };
  if (sideBySide) {
    const starts = await reviews.settlePageStarts({ reviewId, limit: s.batchSize });
    await inParallel(
      starts.map((after, n) => ({ after, n })),
      SETTLE_BATCHES_AT_ONCE,
      ({ after, n }) => settle(after, n),
    );
    return tally;
  }
  for (let after: string | null = null, n = 0; ; n += 1) {
    after = await settle(after, n);
    if (!after) return tally;
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
