import type { GrantRequestView, SlackMessageRef } from '../../lib/contracts';
import { grantRequestMessage } from '../../lib/slack/blocks/grant-request';
import type { ActivityDeps } from '../deps';

/** One Slack call each, so a retry repeats at most that call. */
export function createAccessSlackActivities({ slack }: Pick<ActivityDeps, 'slack'>) {
  return {
    async postGrantRequest(input: { channel: string; view: GrantRequestView }): Promise<SlackMessageRef> {
      return slack.postMessage({ channel: input.channel, ...grantRequestMessage(input.view) });
    },
    async postChannelNotice(input: { channel: string; text: string }): Promise<SlackMessageRef> {
      return slack.postMessage({ channel: input.channel, text: input.text });
    },
    async updateGrantRequest(input: { message: SlackMessageRef; view: GrantRequestView }): Promise<void> {
      await slack.updateMessage({ channel: input.message.channel, ts: input.message.ts, ...grantRequestMessage(input.view) });
    },
  };
}
