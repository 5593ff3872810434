import { ErrorCode as WebApiErrorCode, WebClient, type WebAPICallResult } from '@slack/web-api';
import { ERROR_CODES, WardenError } from '../errors';

/** Marks a message as Warden's post for one step, so a retry of the step can find it (Slack message metadata). */
export interface PostMark {
  idempotencyKey: string;
}

export interface SlackPoster {
  postMessage(args: { channel: string; text: string; blocks?: unknown[]; threadTs?: string; mark?: PostMark }): Promise<{ channel: string; ts: string }>;
  /** The ts of a message this app posted with `mark`, looked up in the channel (or thread); null when absent. */
  findMarkedPost(args: { channel: string; threadTs?: string; idempotencyKey: string }): Promise<string | null>;
  /** The direct-message channel with a person (conversations.open; the same channel every time). */
  openDirectMessage(user: string): Promise<string>;
  updateMessage(args: { channel: string; ts: string; text: string; blocks?: unknown[] }): Promise<void>;
  postEphemeral(args: { channel: string; user: string; text: string; blocks?: unknown[] }): Promise<void>;
  sendDirectMessage(args: { user: string; text: string; blocks?: unknown[] }): Promise<{ channel: string; ts: string }>;
  /** Replaces an open modal's content (Slack answers not_found once the person closed it). */
  updateView(args: { viewId: string; view: Record<string, unknown> }): Promise<void>;
}

/**
 * A WebClient for code that already retries (Temporal activities): no client-side retries, and rate
 * limits surface at once instead of sleeping inside an activity.
 */
export function createSlackWebClient(token: string, apiUrl: string): WebClient {
  return new WebClient(token, { slackApiUrl: apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
}

const POST_MARK_EVENT = 'warden_post';
const MARK_SEARCH_PAGES = 5;

export function createSlackPoster(client: WebClient): SlackPoster {
  const poster: SlackPoster = {
    async postMessage({ channel, text, blocks, threadTs, mark }) {
      const metadata = mark ? { event_type: POST_MARK_EVENT, event_payload: { idempotency_key: mark.idempotencyKey } } : undefined;
      const res = await call('chat.postMessage', () =>
        client.chat.postMessage({ channel, text, blocks: blocks as never, thread_ts: threadTs, unfurl_links: false, ...(metadata ? { metadata } : {}) }),
      );
      return { channel: String(res.channel), ts: String(res.ts) };
    },
    async findMarkedPost({ channel, threadTs, idempotencyKey }) {
      // A retry comes minutes after the lost post at most, so the newest few pages are enough to look at.
      let cursor: string | undefined;
      for (let page = 0; page < MARK_SEARCH_PAGES; page++) {
        const args = { channel, limit: 200, include_all_metadata: true, ...(cursor ? { cursor } : {}) };
        const res = threadTs
          ? await call('conversations.replies', () => client.conversations.replies({ ...args, ts: threadTs }))
          : await call('conversations.history', () => client.conversations.history(args));
        const found = (res.messages ?? []).find((m) => {
          const meta = (m as { metadata?: { event_type?: string; event_payload?: Record<string, unknown> } }).metadata;
          return meta?.event_type === POST_MARK_EVENT && meta.event_payload?.idempotency_key === idempotencyKey;
        });
        if (found?.ts) return String(found.ts);
        cursor = res.response_metadata?.next_cursor || undefined;
        if (!cursor) return null;
      }
      return null;
    },
    async openDirectMessage(user) {
      const opened = await call('conversations.open', () => client.conversations.open({ users: user }));
      const channel = (opened.channel as { id?: string } | undefined)?.id;
      if (!channel) throw new WardenError(ERROR_CODES.slackApi, `Slack did not open a direct message with ${user}`);
      return channel;
    },
    async updateMessage({ channel, ts, text, blocks }) {
      await call('chat.update', () => client.chat.update({ channel, ts, text, blocks: blocks as never }));
    },
    async postEphemeral({ channel, user, text, blocks }) {
      await call('chat.postEphemeral', () => client.chat.postEphemeral({ channel, user, text, blocks: blocks as never }));
    },
    async updateView({ viewId, view }) {
      await call('views.update', () => client.views.update({ view_id: viewId, view: view as never }));
    },
    async sendDirectMessage({ user, text, blocks }) {
      const channel = await poster.openDirectMessage(user);
      return poster.postMessage({ channel, text, blocks });
    },
  };
  return poster;
}

/** Slack answers most failures with HTTP 200 and ok:false; name the method and Slack's error code. */
async function call<T extends WebAPICallResult>(method: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const e = err as { code?: string; data?: { error?: string }; retryAfter?: number; message?: string };
    if (e.code === WebApiErrorCode.PlatformError) {
      throw new WardenError(ERROR_CODES.slackApi, `Slack refused ${method}: ${e.data?.error ?? 'unknown error'}`, {
        slackError: e.data?.error,
        retryable: false,
      });
    }
    if (e.code === WebApiErrorCode.RateLimitedError) {
      throw new WardenError(ERROR_CODES.slackApi, `Slack rate-limited ${method}; retry after ${e.retryAfter ?? '?'} s`, {
        slackError: 'ratelimited',
        retryable: true,
        retryAfterSeconds: e.retryAfter,
      });
    }
    throw new WardenError(ERROR_CODES.slackApi, `Could not reach Slack for ${method}: ${e.message ?? String(err)}`, { retryable: true });
  }
}
