import { blockActionsBody, messageShortcutBody, postSignedToSlackEndpoint, slashCommandBody, viewSubmissionBody } from './slack-requests';
import { eventually, OPS_CHANNEL, type TestStack } from './warden-stack';

/** Drives the bot the way Slack does: signed HTTP requests in Slack's payload shapes. */
export function slackDriver(stack: TestStack) {
  const secret = () => stack.env.SLACK_SIGNING_SECRET!;
  return {
    /**
     * A slash command; answers what the person sees: Warden acks with an empty 200 at once and replies
     * through the response_url (`json`), or opens a modal (`json` undefined, `opened` set).
     */
    async slash(userId: string, text: string): Promise<{ status: number; ack: string; json: any; opened?: boolean }> {
      const triggerId = stack.slack.issueTriggerId();
      const responseUrl = stack.slack.issueResponseUrl();
      const viewsBefore = stack.slack.openedViews().length;
      const body = slashCommandBody({ text, userId, channelId: OPS_CHANNEL, triggerId, responseUrl });
      const res = await postSignedToSlackEndpoint(stack.botUrl, body, { signingSecret: secret() });
      if (res.status !== 200) return { status: res.status, ack: res.text, json: res.json };
      const outcome = await eventually(`the answer to /warden ${text.split(' ').slice(0, 2).join(' ')}`, () => {
        const reply = stack.slack.responses().find((r) => r.url === responseUrl);
        if (reply) return { json: reply.body as any };
        return stack.slack.openedViews().length > viewsBefore ? { json: undefined, opened: true } : undefined;
      });
      return { status: res.status, ack: res.text, ...outcome };
    },
    submitKeyModal(userId: string, view: { id: string; private_metadata: string; hash?: string }, fields: KeyModalFields) {
      const body = viewSubmissionBody({
        userId,
        view: { id: view.id, callback_id: 'warden_key_submit', private_metadata: view.private_metadata, hash: view.hash },
        values: keyModalValues(fields),
      });
      return postSignedToSlackEndpoint(stack.botUrl, body, { signingSecret: secret() });
    },
    click(userId: string, p: { actionId: string; value: string; messageTs: string }) {
      const body = blockActionsBody({
        userId,
        actionId: p.actionId,
        blockId: 'warden_key_revoke',
        value: p.value,
        channelId: OPS_CHANNEL,
        messageTs: p.messageTs,
        responseUrl: stack.slack.issueResponseUrl(),
      });
      return postSignedToSlackEndpoint(stack.botUrl, body, { signingSecret: secret() });
    },
    /** "Report leaked key" on a message with this text; resolves to the reply posted to the response_url. */
    async messageShortcut(userId: string, text: string) {
      const responseUrl = stack.slack.issueResponseUrl();
      const body = messageShortcutBody({ userId, text, callbackId: 'warden_report_leaked_key', triggerId: stack.slack.issueTriggerId(), responseUrl });
      const res = await postSignedToSlackEndpoint(stack.botUrl, body, { signingSecret: secret() });
      if (res.status !== 200) throw new Error(`the shortcut was answered with HTTP ${res.status}`);
      return eventually('the shortcut reply', () => stack.slack.responses().find((r) => r.url === responseUrl)?.body as { text: string } | undefined);
    },
    /** The modal Warden opened last (views.open recorded by the fake). */
    lastOpenedView() {
      const views = stack.slack.openedViews();
      const last = views[views.length - 1];
      if (!last) throw new Error('no view was opened');
      return { id: last.view_id, private_metadata: String(last.view.private_metadata), view: last.view };
    },
  };
}

export interface KeyModalFields {
  provider?: string | null;
  environment?: string | null;
  apiKey?: string | null;
  baseUrl?: string | null;
  ownerTeam?: string | null;
  note?: string | null;
}

/** state.values as Slack sends them: unselected inputs carry null (trap 13). */
export function keyModalValues(f: KeyModalFields): Record<string, Record<string, unknown>> {
  const select = (value: string | null | undefined) => ({
    value: { type: 'static_select', selected_option: value ? { text: { type: 'plain_text', text: value, emoji: true }, value } : null },
  });
  const text = (value: string | null | undefined) => ({ value: { type: 'plain_text_input', value: value ?? null } });
  return {
    key_provider: select(f.provider),
    key_environment: select(f.environment),
    key_base_url: text(f.baseUrl),
    key_value: text(f.apiKey),
    key_owner_team: text(f.ownerTeam),
    key_note: text(f.note),
  };
}
