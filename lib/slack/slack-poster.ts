import { ErrorCode as WebApiErrorCode, WebClient, type WebAPICallResult } from '@slack/web-api';
import { ERROR_CODES, WardenError } from '../errors';

export interface SlackPoster {
  postMessage(args: { channel: string; text: string; blocks?: unknown[]; threadTs?: string }): Promise<{ channel: string; ts: string }>;
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

export function createSlackPoster(client: WebClient): SlackPoster {
  return {
    async postMessage({ channel, text, blocks, threadTs }) {
      const res = await call('chat.postMessage', () =>
        client.chat.postMessage({ channel, text, blocks: blocks as never, thread_ts: threadTs, unfurl_links: false }),
      );
      return { channel: String(res.channel), ts: String(res.ts) };
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
      const opened = await call('conversations.open', () => client.conversations.open({ users: user }));
      const channel = (opened.channel as { id?: string } | undefined)?.id;
      if (!channel) throw new WardenError(ERROR_CODES.slackApi, `Slack did not open a direct message with ${user}`);
      const res = await call('chat.postMessage', () => client.chat.postMessage({ channel, text, blocks: blocks as never }));
      return { channel, ts: String(res.ts) };
    },
  };
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
