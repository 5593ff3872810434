import { createHmac, randomBytes } from 'node:crypto';

/**
 * Requests shaped exactly as Slack sends them (shared/fixtures/slack/inbound-*.json), signed the way
 * Slack signs them, for driving the bot over real HTTP.
 *
 * Field values that Slack sends but Warden must not trust or use (the deprecated verification `token`,
 * `user_name`, `team_domain`) are filled with fixed placeholders. Pass `triggerId` from
 * FakeSlack.issueTriggerId() and `responseUrl` from FakeSlack.issueResponseUrl() when the code under
 * test opens a view or responds, or the call reaches hooks.slack.com / fails as an unknown trigger.
 */

const DEFAULT_TEAM = 'T0WARDEN01';
const API_APP_ID = 'A0WARDEN01';
const VERIFICATION_TOKEN = 'deprecated-verification-token';
// Slack's own request headers (header_source in the corpus fixtures).
const SLACK_USER_AGENT = 'Slackbot 1.0 (+https://api.slack.com/robots)';

/** A slash command's raw form body: plain fields, `+` for spaces, in Slack's field order. */
export function slashCommandBody(fields: {
  command?: string;
  text: string;
  userId: string;
  userName?: string;
  channelId: string;
  teamId?: string;
  triggerId?: string;
  responseUrl?: string;
}): string {
  const teamId = fields.teamId ?? DEFAULT_TEAM;
  return new URLSearchParams({
    token: VERIFICATION_TOKEN,
    team_id: teamId,
    team_domain: 'warden-test',
    channel_id: fields.channelId,
    channel_name: 'warden-ops',
    user_id: fields.userId,
    user_name: fields.userName ?? 'test-user',
    command: fields.command ?? '/warden',
    text: fields.text,
    api_app_id: API_APP_ID,
    // A string in form bodies, a boolean in JSON payloads (trap 9).
    is_enterprise_install: 'false',
    response_url: fields.responseUrl ?? `https://hooks.slack.com/commands/${teamId}/${digits(12)}/${hex(12)}`,
    trigger_id: fields.triggerId ?? unissuedTriggerId(),
  }).toString();
}

/** A view_submission: form body with one `payload=` field carrying the JSON. */
export function viewSubmissionBody(p: {
  userId: string;
  teamId?: string;
  view: { id?: string; callback_id: string; private_metadata?: string; blocks?: unknown[]; hash?: string };
  values: Record<string, Record<string, unknown>>;
}): string {
  const teamId = p.teamId ?? DEFAULT_TEAM;
  const viewId = p.view.id ?? `V0${hex(4).toUpperCase()}`;
  return payloadBody({
    type: 'view_submission',
    team: { id: teamId, domain: 'warden-test' },
    user: { id: p.userId, username: 'test-user', name: 'test-user', team_id: teamId },
    api_app_id: API_APP_ID,
    token: VERIFICATION_TOKEN,
    trigger_id: unissuedTriggerId(),
    view: {
      id: viewId,
      team_id: teamId,
      type: 'modal',
      blocks: p.view.blocks ?? [],
      private_metadata: p.view.private_metadata ?? '',
      callback_id: p.view.callback_id,
      state: { values: p.values },
      hash: p.view.hash ?? `${Math.floor(Date.now() / 1000)}.${hex(4)}`,
      title: { type: 'plain_text', text: 'Warden', emoji: true },
      clear_on_close: false,
      notify_on_close: false,
      close: { type: 'plain_text', text: 'Cancel', emoji: true },
      submit: { type: 'plain_text', text: 'Submit', emoji: true },
      previous_view_id: null,
      root_view_id: viewId,
      app_id: API_APP_ID,
      external_id: '',
      app_installed_team_id: teamId,
      bot_id: 'B0WARDEN01',
    },
    // At the top level, not inside `view`, in real payloads (trap 14).
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  });
}

/**
 * A button click. With `channelId` it comes from a channel message (container.type "message", with
 * channel, message and response_url); without it, from an open modal (container.type "view"; no
 * channel, message or response_url — trap 13).
 */
export function blockActionsBody(p: {
  userId: string;
  teamId?: string;
  actionId: string;
  blockId?: string;
  value?: string;
  channelId?: string;
  messageTs?: string;
  triggerId?: string;
  responseUrl?: string;
  viewId?: string;
}): string {
  const teamId = p.teamId ?? DEFAULT_TEAM;
  const blockId = p.blockId ?? 'actions';
  const button = { type: 'button', action_id: p.actionId, text: { type: 'plain_text', text: 'Button', emoji: true }, ...(p.value !== undefined && { value: p.value }) };
  const common = {
    type: 'block_actions',
    user: { id: p.userId, username: 'test-user', name: 'test-user', team_id: teamId },
    api_app_id: API_APP_ID,
    token: VERIFICATION_TOKEN,
    trigger_id: p.triggerId ?? unissuedTriggerId(),
    team: { id: teamId, domain: 'warden-test' },
    enterprise: null,
    is_enterprise_install: false,
    state: { values: {} },
    actions: [{ ...button, block_id: blockId, action_ts: `${Math.floor(Date.now() / 1000)}.${digits(6)}` }],
  };
  if (p.channelId === undefined) {
    return payloadBody({ ...common, container: { type: 'view', view_id: p.viewId ?? `V0${hex(4).toUpperCase()}` } });
  }
  const messageTs = p.messageTs ?? '1700000000.000100';
  return payloadBody({
    ...common,
    container: { type: 'message', message_ts: messageTs, channel_id: p.channelId, is_ephemeral: false },
    channel: { id: p.channelId, name: 'warden-ops' },
    message: {
      bot_id: 'B0WARDEN01',
      type: 'message',
      text: 'Warden',
      user: 'U0WARDENBOT',
      ts: messageTs,
      team: teamId,
      blocks: [{ type: 'actions', block_id: blockId, elements: [button] }],
    },
    response_url: p.responseUrl ?? `https://hooks.slack.com/actions/${teamId}/${digits(12)}/${hex(12)}`,
  });
}

/** A message shortcut (type message_action) as Slack sends it: form body with one payload field. */
export function messageShortcutBody(p: {
  userId: string;
  teamId?: string;
  text: string;
  callbackId: string;
  triggerId: string;
  responseUrl: string;
  channelId?: string;
  /** More fields of the message: `files`, or `attachments` carrying files when it unfurls another message. */
  message?: Record<string, unknown>;
  messageTs?: string;
}): string {
  const teamId = p.teamId ?? DEFAULT_TEAM;
  const ts = p.messageTs ?? `${Math.floor(Date.now() / 1000)}.${digits(6)}`;
  return payloadBody({
    type: 'message_action',
    token: VERIFICATION_TOKEN,
    action_ts: `${Math.floor(Date.now() / 1000)}.${digits(6)}`,
    team: { id: teamId, domain: 'warden-test' },
    user: { id: p.userId, username: 'test-user', name: 'test-user', team_id: teamId },
    channel: { id: p.channelId ?? 'C0GENERAL01', name: 'general' },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: p.callbackId,
    trigger_id: p.triggerId,
    response_url: p.responseUrl,
    message_ts: ts,
    message: { type: 'message', user: 'U0SOMEONE01', ts, text: p.text, team: teamId, ...p.message },
  });
}

/** `v0=` + hex HMAC-SHA256 over `v0:<ts>:<body>`. Written independently of lib/slack so a shared bug cannot hide. */
export function signSlackBody(signingSecret: string, timestampSeconds: number, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${rawBody}`).digest('hex')}`;
}

/**
 * POSTs `rawBody` byte-for-byte with Slack's headers. The Content-Type defaults to JSON for a body
 * starting with `{` (Events API) and to the exact form type otherwise — without a charset, as Slack
 * sends it (trap 3). `signature` overrides the computed one (forgery tests).
 */
export async function postSignedToSlackEndpoint(
  url: string,
  rawBody: string,
  opts: { signingSecret: string; timestampSeconds?: number; contentType?: string; signature?: string; headers?: Record<string, string> },
): Promise<{ status: number; text: string; json?: any }> {
  const timestamp = opts.timestampSeconds ?? Math.floor(Date.now() / 1000);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': opts.contentType ?? (rawBody.trimStart().startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded'),
      'user-agent': SLACK_USER_AGENT,
      accept: 'application/json,*/*',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': opts.signature ?? signSlackBody(opts.signingSecret, timestamp, rawBody),
      ...opts.headers,
    },
    body: rawBody,
  });
  const text = await response.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, text, ...(json !== undefined && { json }) };
}

function payloadBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

// Shaped like Slack's (`398738663015.47445629121.803a0bc8…`) but never issued by the fake.
function unissuedTriggerId(): string {
  return `${digits(12)}.${digits(11)}.${hex(16)}`;
}

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

function digits(n: number): string {
  return Array.from(randomBytes(n), (b) => String(b % 10)).join('');
}
