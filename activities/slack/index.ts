import type { KeyProgress, SlackMessageRef } from '../../lib/contracts';
import { keyModalStatus, type KeyModalStatus } from '../../lib/slack/blocks/key-modal-status';
import { keyProgressMessage, keyThreadParent } from '../../lib/slack/blocks/key-progress';
import { withActivityFailures } from '../activity-failure';
import type { ActivityDeps } from '../deps';

/** Each activity is one Slack call, so a retry repeats at most that call. */
export function createSlackActivities({ slack }: Pick<ActivityDeps, 'slack'>) {
  return withActivityFailures({
    async openKeyThread(input: { channel: string; progress: KeyProgress }): Promise<SlackMessageRef> {
      return slack.postMessage({ channel: input.channel, ...keyThreadParent(input.progress) });
    },
    async postKeyProgress(input: { thread: SlackMessageRef; progress: KeyProgress }): Promise<SlackMessageRef> {
      return slack.postMessage({ channel: input.thread.channel, threadTs: input.thread.ts, ...keyProgressMessage(input.progress) });
    },
    async updateKeyProgress(input: { message: SlackMessageRef; progress: KeyProgress }): Promise<void> {
      await slack.updateMessage({ channel: input.message.channel, ts: input.message.ts, ...keyProgressMessage(input.progress) });
    },
    async postThreadNote(input: { thread: SlackMessageRef; text: string }): Promise<SlackMessageRef> {
      return slack.postMessage({ channel: input.thread.channel, threadTs: input.thread.ts, text: input.text });
    },
    /** The submitted key modal, updated in place with the outcome. */
    async updateKeyModal(input: { viewId: string; status: KeyModalStatus }): Promise<void> {
      await slack.updateView({ viewId: input.viewId, view: keyModalStatus(input.status) });
    },
    async notifyUser(input: { user: string; text: string }): Promise<void> {
      await slack.sendDirectMessage({ user: input.user, text: input.text });
    },
  });
}

export type SlackActivities = ReturnType<typeof createSlackActivities>;
