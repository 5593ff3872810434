import { Context } from '@temporalio/activity';
import type { SlackPostLedger } from '../../lib/db';
import type { SlackPoster } from '../../lib/slack/slack-poster';

/**
 * Slack posts from activities, each made once however often its activity is retried. Slack's Web API has no
 * idempotency key: a worker that dies after Slack accepted a message but before the activity completed would
 * post it again on the retry. So each post is keyed by its activity step and its place in that step (the
 * same on every attempt: activities are deterministic in the Slack calls they make), recorded in a ledger
 * before it is sent, and marked with the key as message metadata. A retry that finds the key recorded with
 * its ts returns that message; one that finds only the intent looks for the marked message in Slack first.
 * Outside an activity (the bot) posts pass straight through.
 */
export function exactlyOnceSlack(inner: SlackPoster, ledger: SlackPostLedger): SlackPoster {
  const postsSoFar = new WeakMap<object, number>();

  function stepKey(): string | null {
    let ctx: Context;
    try {
      ctx = Context.current();
    } catch {
      return null;
    }
    const n = (postsSoFar.get(ctx) ?? 0) + 1;
    postsSoFar.set(ctx, n);
    const { workflowExecution, activityId } = ctx.info;
    return `${workflowExecution?.workflowId ?? 'activity'}:${activityId}:post:${n}`;
  }

  async function once(key: string, channel: string, threadTs: string | undefined, post: () => Promise<{ channel: string; ts: string }>) {
    const seen = await ledger.get(key);
    if (seen?.ts) return { channel: seen.channel, ts: seen.ts };
    if (seen) {
      const ts = await inner.findMarkedPost({ channel: seen.channel, ...(seen.threadTs ? { threadTs: seen.threadTs } : {}), idempotencyKey: key });
      if (ts) {
        await ledger.complete(key, seen.channel, ts);
        return { channel: seen.channel, ts };
      }
    } else {
      await ledger.begin(key, channel, threadTs ?? null);
    }
    const posted = await post();
    await ledger.complete(key, posted.channel, posted.ts);
    return posted;
  }

  const poster: SlackPoster = {
    ...inner,
    async postMessage(args) {
      const key = stepKey();
      if (!key) return inner.postMessage(args);
      return once(key, args.channel, args.threadTs, () => inner.postMessage({ ...args, mark: { idempotencyKey: key } }));
    },
    async sendDirectMessage(args) {
      const channel = await inner.openDirectMessage(args.user);
      return poster.postMessage({ channel, text: args.text, ...(args.blocks ? { blocks: args.blocks } : {}) });
    },
  };
  return poster;
}
