import type { Db } from '../client';

export type SlackPostLedger = ReturnType<typeof createSlackPostLedger>;

/** The ledger behind exactly-once Slack posts (see activities/slack/exactly-once-slack.ts). */
export function createSlackPostLedger(db: Db) {
  return {
    get: (idempotencyKey: string) => db.slackPost.findUnique({ where: { idempotencyKey }, select: { channel: true, threadTs: true, ts: true } }),

    /** Records the intent before the post, so a crash after it leaves a trace to look for. Idempotent. */
    async begin(idempotencyKey: string, channel: string, threadTs: string | null): Promise<void> {
      await db.slackPost.createMany({ data: [{ idempotencyKey, channel, threadTs }], skipDuplicates: true });
    },

    async complete(idempotencyKey: string, channel: string, ts: string): Promise<void> {
      await db.slackPost.update({ where: { idempotencyKey }, data: { channel, ts, postedAt: new Date() } });
    },
  };
}
