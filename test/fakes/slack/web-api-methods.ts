import { checkMessageBlocks, checkModalView } from './block-kit-limits';
import type { FakeSlackUser, FakeSlackWorkspace } from './fake-slack-workspace';
import { slackFileObject } from './files';

export type SlackBody = { ok: boolean; error?: string } & Record<string, unknown>;
export type MethodHandler = (args: Record<string, unknown>) => SlackBody;

// Real channel ids: C (public), G (private / multi-person DM), D (DM). Anything else is answered the way
// Slack answers a channel the bot cannot see: channel_not_found (even for private channels, trap 16).
const CHANNEL_ID = /^[CDG][A-Z0-9]+$/;
const USER_ID = /^[UW][A-Z0-9]+$/;
const CHAT_UPDATE_TEXT_MAX = 4000; // chat.update docs: msg_too_long

const fail = (error: string): SlackBody => ({ ok: false, error });

const isMetadata = (v: unknown): v is { event_type: string; event_payload: Record<string, unknown> } =>
  typeof v === 'object' && v !== null && typeof (v as { event_type?: unknown }).event_type === 'string' && typeof (v as { event_payload?: unknown }).event_payload === 'object';

/** Messages as history methods return them: `limit` at most, metadata only when asked for. */
function page(messages: Array<{ ts: string; text?: string; user?: string; thread_ts?: string; metadata?: unknown; blocks?: unknown[] }>, args: Record<string, unknown>, order: 'newest-first' | 'oldest-first' = 'newest-first') {
  const limit = Math.min(Number(args.limit ?? 100) || 100, 999);
  const withMeta = args.include_all_metadata === true || args.include_all_metadata === 'true';
  const sorted = order === 'newest-first' ? [...messages].reverse() : messages;
  return sorted.slice(0, limit).map(({ metadata, ...m }) => ({ type: 'message', ...m, ...(withMeta && metadata ? { metadata } : {}) }));
}

/**
 * The Web API methods Warden calls, answering with the success and error bodies in
 * shared/fixtures/slack/webapi-*.json. Every handler gets already-authenticated, already-parsed args.
 */
export function createWebApiMethods(ws: FakeSlackWorkspace): Record<string, MethodHandler> {
  const view = (stored: Record<string, unknown>): SlackBody => ({ ok: true, view: stored });

  function storeView(id: string, v: Record<string, unknown>, previous?: Record<string, unknown>): Record<string, unknown> {
    const stored = {
      id,
      team_id: ws.teamId,
      type: 'modal',
      close: null,
      submit: null,
      private_metadata: '',
      callback_id: '',
      external_id: '',
      ...v,
      state: { values: {} },
      hash: ws.nextViewHash(),
      clear_on_close: v.clear_on_close ?? false,
      notify_on_close: v.notify_on_close ?? false,
      previous_view_id: null,
      root_view_id: previous?.root_view_id ?? id,
      app_id: ws.appId,
      app_installed_team_id: ws.teamId,
      bot_id: ws.botId,
    };
    ws.views.set(id, stored);
    return stored;
  }

  function openWithTrigger(method: 'views.open' | 'views.push', args: Record<string, unknown>): SlackBody {
    const invalid = checkModalView(args.view);
    if (invalid) return invalid;
    switch (ws.exchangeTrigger(args.trigger_id)) {
      // Slack's documented example body for a trigger id it never issued.
      case 'unknown':
        return { ok: false, error: 'invalid_arguments', response_metadata: { messages: ['invalid `trigger_id`'] } };
      case 'expired':
        return fail('expired_trigger_id');
      case 'exchanged': // views.open/push docs: "The trigger_id was already exchanged in a previous call."
        return fail('exchanged_trigger_id');
      case 'ok':
        break;
    }
    const stored = storeView(ws.nextViewId(), args.view as Record<string, unknown>);
    ws.opened.push({ view_id: String(stored.id), view: stored, trigger_id: String(args.trigger_id), method });
    return view(stored);
  }

  return {
    'auth.test': () => ({
      ok: true,
      url: `https://${ws.domain}.slack.com/`,
      team: 'Warden Test',
      user: 'warden',
      team_id: ws.teamId,
      user_id: ws.botUserId,
      bot_id: ws.botId,
    }),

    'chat.postMessage': (args) => {
      if (!isChannel(args.channel)) return fail('channel_not_found');
      if (!hasContent(args)) return fail('no_text');
      const invalid = checkMessageBlocks(args.blocks);
      if (invalid) return invalid;
      const message = {
        channel: args.channel,
        ts: ws.nextTs(),
        ...(typeof args.thread_ts === 'string' && { thread_ts: args.thread_ts }),
        ...(typeof args.text === 'string' && { text: args.text }),
        ...(Array.isArray(args.blocks) && { blocks: args.blocks }),
        ...(isMetadata(args.metadata) && { metadata: args.metadata }),
        user: ws.botUserId,
        updates: 0,
      };
      ws.messages.push(message);
      const { channel, updates: _updates, ...rest } = message;
      return { ok: true, channel, ts: message.ts, message: { ...rest, type: 'message', bot_id: ws.botId, app_id: ws.appId, team: ws.teamId } };
    },

    // conversations.history: a channel's top-level messages, newest first; metadata only with include_all_metadata.
    'conversations.history': (args) => {
      if (!isChannel(args.channel)) return fail('channel_not_found');
      const top = ws.messages.filter((m) => m.channel === args.channel && (!m.thread_ts || m.thread_ts === m.ts));
      return { ok: true, messages: page(top, args), has_more: false, response_metadata: { next_cursor: '' } };
    },

    // conversations.replies: the parent and its replies, oldest first; thread_not_found for an unknown ts.
    'conversations.replies': (args) => {
      if (!isChannel(args.channel)) return fail('channel_not_found');
      const parent = ws.findMessage(args.channel, args.ts);
      if (!parent) return fail('thread_not_found');
      const thread = ws.messages.filter((m) => m.channel === args.channel && (m.ts === parent.ts || m.thread_ts === parent.ts));
      return { ok: true, messages: page(thread, args, 'oldest-first'), has_more: false, response_metadata: { next_cursor: '' } };
    },

    'chat.update': (args) => {
      if (!isChannel(args.channel)) return fail('channel_not_found');
      const message = ws.findMessage(args.channel, args.ts);
      if (!message) return fail('message_not_found');
      if (typeof args.text === 'string' && args.text.length > CHAT_UPDATE_TEXT_MAX) return fail('msg_too_long');
      const invalid = checkMessageBlocks(args.blocks);
      if (invalid) return invalid;
      if (typeof args.text === 'string') message.text = args.text;
      // chat.update docs: omitted blocks are kept; an empty array removes them.
      if (Array.isArray(args.blocks)) message.blocks = args.blocks.length > 0 ? args.blocks : undefined;
      message.updates += 1;
      return {
        ok: true,
        channel: message.channel,
        ts: message.ts,
        text: message.text ?? '',
        message: { text: message.text ?? '', user: message.user, ...(message.blocks && { blocks: message.blocks }) },
      };
    },

    'chat.postEphemeral': (args) => {
      if (!isChannel(args.channel)) return fail('channel_not_found');
      if (typeof args.user !== 'string' || !USER_ID.test(args.user)) return fail('user_not_in_channel');
      if (!hasContent(args)) return fail('no_text');
      return checkMessageBlocks(args.blocks) ?? { ok: true, message_ts: ws.nextTs() };
    },

    'chat.getPermalink': (args) => {
      const message = ws.findMessage(args.channel, args.message_ts);
      if (!message) return fail('message_not_found');
      const thread = message.thread_ts ? `?thread_ts=${message.thread_ts}&cid=${message.channel}` : '';
      const permalink = `https://${ws.domain}.slack.com/archives/${message.channel}/p${message.ts.replace('.', '')}${thread}`;
      return { ok: true, channel: message.channel, permalink };
    },

    'views.open': (args) => openWithTrigger('views.open', args),
    'views.push': (args) => openWithTrigger('views.push', args),

    'views.update': (args) => {
      const existing =
        typeof args.view_id === 'string'
          ? ws.views.get(args.view_id)
          : [...ws.views.values()].find((v) => args.external_id !== undefined && v.external_id === args.external_id);
      if (!existing) return fail('not_found');
      // views.update docs: a stale hash means someone else updated the view first.
      if (args.hash !== undefined && args.hash !== existing.hash) return fail('hash_conflict');
      const invalid = checkModalView(args.view);
      if (invalid) return invalid;
      return view(storeView(String(existing.id), args.view as Record<string, unknown>, existing));
    },

    'conversations.open': (args) => {
      const users = typeof args.users === 'string' ? args.users.split(',').map((u) => u.trim()).filter(Boolean) : [];
      if (users.length === 0) return fail('users_list_not_supplied');
      if (!users.every((u) => USER_ID.test(u))) return fail('user_not_found');
      // One DM channel per person, stable across calls, so tests can predict it: U123 → DU123.
      const id = users.length === 1 ? `D${users[0]}` : `G${users.join('')}`;
      return { ok: true, channel: { id } };
    },

    // files.info errors are HTTP 200 ok:false like every Web API error (trap 24).
    'files.info': (args) => {
      const file = typeof args.file === 'string' ? ws.files.get(args.file) : undefined;
      if (!file) return fail('file_not_found');
      if (file.deleted) return fail('file_deleted');
      return { ok: true, file: slackFileObject(file, ws.teamId, ws.origin), comments: [], response_metadata: { next_cursor: '' } };
    },

    'users.info': (args) => {
      const user = typeof args.user === 'string' ? ws.users.get(args.user) : undefined;
      return user ? { ok: true, user: userObject(user, ws.teamId) } : fail('user_not_found');
    },

    'users.lookupByEmail': (args) => {
      const user = ws.findUserByEmail(args.email);
      return user ? { ok: true, user: userObject(user, ws.teamId) } : fail('users_not_found');
    },
  };
}

function isChannel(value: unknown): value is string {
  return typeof value === 'string' && CHANNEL_ID.test(value);
}

function hasContent(args: Record<string, unknown>): boolean {
  return (typeof args.text === 'string' && args.text.length > 0) || Array.isArray(args.blocks) || args.attachments !== undefined;
}

// The users.info / users.lookupByEmail success shape (webapi-users.info-success.json), minus avatars.
function userObject(u: FakeSlackUser, teamId: string): Record<string, unknown> {
  const name = u.name ?? u.email?.split('@')[0] ?? u.id.toLowerCase();
  const realName = u.real_name ?? name;
  return {
    id: u.id,
    team_id: teamId,
    name,
    deleted: u.deleted ?? false,
    real_name: realName,
    tz: u.tz ?? 'Europe/London',
    profile: {
      real_name: realName,
      display_name: name,
      real_name_normalized: realName,
      display_name_normalized: name,
      ...(u.email && { email: u.email }),
      team: teamId,
    },
    is_admin: u.is_admin ?? false,
    is_owner: false,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: u.is_bot ?? false,
    is_app_user: false,
  };
}
