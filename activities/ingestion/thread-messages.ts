import type { IngestionProgressView, SlackMessageRef } from '../../lib/contracts';
import { isWardenError } from '../../lib/errors';
import { ingestionProgressMessage, ingestionSummaryMessage, ingestionThreadParent } from '../../lib/slack/blocks/ingestion';
import type { ActivityDeps } from '../deps';

// Slack's answers when the bot cannot post where the person asked (not a member, a private channel, a DM).
const CANNOT_POST_THERE = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

/** The ingestion thread: one parent, one progress reply updated in place, one summary. Each activity is one Slack call or two. */
export function createIngestionThreadActivities({ slack }: Pick<ActivityDeps, 'slack'>) {
  return {
    /** In the channel where the person asked; in a DM with them when Warden may not post there. */
    async openIngestionThread(input: { channel: string; view: IngestionProgressView }): Promise<{ thread: SlackMessageRef; progress: SlackMessageRef }> {
      const parent = ingestionThreadParent(input.view);
      let thread: SlackMessageRef;
      try {
        thread = await slack.postMessage({ channel: input.channel, ...parent });
      } catch (err) {
        const slackError = isWardenError(err) ? String(err.details.slackError ?? '') : '';
        if (!CANNOT_POST_THERE.has(slackError)) throw err;
        thread = await slack.sendDirectMessage({ user: input.view.actorSlackId, ...parent });
      }
      const progress = await slack.postMessage({ channel: thread.channel, threadTs: thread.ts, ...ingestionProgressMessage(input.view) });
      return { thread, progress };
    },
    async updateIngestionProgress(input: { message: SlackMessageRef; view: IngestionProgressView }): Promise<void> {
      await slack.updateMessage({ channel: input.message.channel, ts: input.message.ts, ...ingestionProgressMessage(input.view) });
    },
    async postIngestionSummary(input: { thread: SlackMessageRef; view: IngestionProgressView }): Promise<SlackMessageRef> {
      return slack.postMessage({ channel: input.thread.channel, threadTs: input.thread.ts, ...ingestionSummaryMessage(input.view) });
    },
  };
}
