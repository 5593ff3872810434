import type { SlackMessageRef } from '../../lib/contracts';
import { runbookMessage, type RunbookMessage } from '../../lib/slack/blocks/runbook';
import type { ActivityDeps } from '../deps';

/** Each activity is one Slack call, so a retry repeats at most that call. */
export function createRunbookSlack(d: Pick<ActivityDeps, 'slack' | 'incidents'>) {
  return {
    /** The thread's parent in the incident channel; its ts is stored on the incident for people and queries. */
    async openIncidentThread(input: { channel: string; incidentId: string; message: RunbookMessage }): Promise<SlackMessageRef> {
      const ref = await d.slack.postMessage({ channel: input.channel, ...runbookMessage(input.message) });
      await d.incidents.update(input.incidentId, { threadChannel: ref.channel, threadTs: ref.ts });
      return ref;
    },
    async postRunbookMessage(input: { thread: SlackMessageRef; message: RunbookMessage }): Promise<SlackMessageRef> {
      return d.slack.postMessage({ channel: input.thread.channel, threadTs: input.thread.ts, ...runbookMessage(input.message) });
    },
    /** Replaces a message that had buttons once its step is done, so a stale button cannot be pressed. */
    async replaceRunbookMessage(input: { message: SlackMessageRef; with: RunbookMessage }): Promise<void> {
      await d.slack.updateMessage({ channel: input.message.channel, ts: input.message.ts, ...runbookMessage(input.with) });
    },
    async notifyResponder(input: { user: string; text: string }): Promise<void> {
      await d.slack.sendDirectMessage({ user: input.user, text: input.text });
    },
  };
}
