import type { DsarView, SlackMessageRef } from '../../lib/contracts';
import { dsarRequestMessage } from '../../lib/slack/blocks/dsar-request';
import type { ActivityDeps } from '../deps';

/** One Slack call each, so a retry repeats at most that call (and the post ledger makes a post happen once). */
export function createDsarSlackActivities({ slack }: Pick<ActivityDeps, 'slack'>) {
  return {
    async postDsarRequest(input: { channel: string; view: DsarView }): Promise<SlackMessageRef> {
      return slack.postMessage({ channel: input.channel, ...dsarRequestMessage(input.view) });
    },
    async updateDsarRequest(input: { message: SlackMessageRef; view: DsarView }): Promise<void> {
      await slack.updateMessage({ channel: input.message.channel, ts: input.message.ts, ...dsarRequestMessage(input.view) });
    },
  };
}
