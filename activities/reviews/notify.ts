import { Context } from '@temporalio/activity';
import { reviewerMessages } from '../../lib/slack/blocks/review';
import type { ActivityDeps } from '../deps';

type Deps = Pick<ActivityDeps, 'reviews' | 'slack'>;

/**
 * Reviewer DMs, a page of reviewers per activity so a retry repeats at most one page. Heartbeats let a
 * page of slow Slack calls run long without being mistaken for a lost worker.
 */
export function createReviewNotifyActivities(d: Deps) {
  const heartbeat = () => {
    try {
      Context.current().heartbeat();
    } catch {
      // Outside an activity (unit use): nothing to report to.
    }
  };
  return {
    async notifyReviewerPage(input: { reviewId: string; deadline: string; after: string | null; limit: number }): Promise<{ next: string | null; reviewers: number; messages: number }> {
      const page = await d.reviews.reviewerPage(input.reviewId, input.after, input.limit, false);
      let messages = 0;
      for (const { reviewerSlackId } of page) {
        const items = await d.reviews.itemsForReviewer(input.reviewId, reviewerSlackId);
        // One conversations.open per reviewer, not per message: a reviewer of 99 members gets five messages.
        const channel = await d.slack.openDirectMessage(reviewerSlackId);
        for (const message of reviewerMessages({ reviewId: input.reviewId, deadline: input.deadline, items })) {
          await d.slack.postMessage({ channel, ...message });
          messages += 1;
        }
        heartbeat();
      }
      return { next: page.length === input.limit ? page[page.length - 1]!.reviewerSlackId : null, reviewers: page.length, messages };
    },

    /** Reviewers with undecided items get a short nudge (their buttons are in the first DM). */
    async remindReviewerPage(input: { reviewId: string; deadline: string; after: string | null; limit: number; escalated: boolean }): Promise<{ next: string | null; reviewers: string[] }> {
      const page = await d.reviews.reviewerPage(input.reviewId, input.after, input.limit, true);
      for (const { reviewerSlackId, count } of page) {
        const text = input.escalated
          ? `:rotating_light: The membership review deadline has passed and ${count} of your decisions are missing. Undecided contractor grants will be revoked when the review closes.`
          : `:bell: Reminder: ${count} membership review decision(s) are waiting for you (deadline ${input.deadline.slice(0, 10)}). The buttons are in the review message above.`;
        await d.slack.sendDirectMessage({ user: reviewerSlackId, text });
        heartbeat();
      }
      return { next: page.length === input.limit ? page[page.length - 1]!.reviewerSlackId : null, reviewers: page.map((p) => p.reviewerSlackId) };
    },

    async postComplianceNotice(input: { channel: string; text: string }): Promise<void> {
      await d.slack.postMessage({ channel: input.channel, text: input.text });
    },

    async notifyEscalationApprovers(input: { users: string[]; text: string }): Promise<void> {
      for (const user of input.users) await d.slack.sendDirectMessage({ user, text: input.text });
    },
  };
}
