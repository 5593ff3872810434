import { Client } from 'pg';
import { DSAR_ACTIONS, DSAR_DENY_CALLBACK_ID } from '../../lib/contracts';
import { seedPlatform } from '../../lib/data-rights';
import { untar } from '../../lib/dsar/tar-stream';
import type { FakeSlackMessage } from '../fakes/slack-web-api';
import { slackDriver } from './slack-driver';
import { blockActionsBody, postSignedToSlackEndpoint, viewSubmissionBody } from './slack-requests';
import { eventually, type TestStack } from './warden-stack';

export const COMPLIANCE_CHANNEL = 'C0COMPLY01';

/** The sample platform, seeded small, in the test database before Warden starts (as npm start does for a new install). */
export async function seedSamplePlatform(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await seedPlatform(client, { endUsers: 6, conversationsPerUser: 3, messagesPerConversation: 6, asOf: new Date() });
  } finally {
    await client.end();
  }
}

export async function platformQuery<T extends Record<string, unknown>>(stack: TestStack, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: stack.db.url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Drives data-subject requests the way people do: signed slash commands, clicks and modal submits. */
export function dsarDriver(stack: TestStack) {
  const slack = slackDriver(stack);
  const secret = () => stack.env.SLACK_SIGNING_SECRET!;
  const linkDms = () => stack.slack.messages().filter((m) => m.channel.startsWith('D') && m.text?.includes('/v1/dsar/downloads/'));
  const requestMessages = () => stack.slack.messages(COMPLIANCE_CHANNEL).filter((m) => !m.thread_ts && m.text?.includes('Data-subject'));

  function buttonValue(message: FakeSlackMessage): string {
    const actions = (message.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>).find((b) => b.type === 'actions');
    const button = actions?.elements?.find((e) => e.action_id === DSAR_ACTIONS.approve);
    if (!button) throw new Error('the request message has no buttons');
    return button.value;
  }

  return {
    slack,
    requestMessages,
    /** Opens a request; resolves to the reply and, when one was posted, the approval message. */
    async request(userId: string, text: string): Promise<{ reply: string; message: FakeSlackMessage }> {
      const before = requestMessages().length;
      const res = await slack.slash(userId, `dsar ${text}`);
      const reply = String(res.json?.text ?? '');
      if (!reply.includes('opened under')) throw new Error(`the request was not opened: ${reply}`);
      const message = await eventually('the approval message', () => requestMessages()[before]);
      return { reply, message };
    },
    workflowIdOf: (message: FakeSlackMessage) => (JSON.parse(buttonValue(message)) as { workflowId: string }).workflowId,
    /** A click on Approve or Deny…; answers the ephemeral reply, or that a modal opened. */
    async click(userId: string, message: FakeSlackMessage, action: 'approve' | 'deny'): Promise<string> {
      const responseUrl = stack.slack.issueResponseUrl();
      const viewsBefore = stack.slack.openedViews().length;
      const body = blockActionsBody({
        userId,
        actionId: DSAR_ACTIONS[action],
        blockId: 'warden_dsar_decision',
        value: buttonValue(message),
        channelId: COMPLIANCE_CHANNEL,
        messageTs: message.ts,
        responseUrl,
        triggerId: stack.slack.issueTriggerId(),
      });
      const res = await postSignedToSlackEndpoint(stack.botUrl, body, { signingSecret: secret() });
      if (res.status !== 200) throw new Error(`click answered ${res.status}`);
      return eventually(`the answer to ${userId}'s ${action}`, () => {
        const reply = stack.slack.responses().find((r) => r.url === responseUrl);
        if (reply) return String((reply.body as { text?: string }).text);
        return stack.slack.openedViews().length > viewsBefore ? 'modal opened' : undefined;
      });
    },
    /** Submits the deny modal opened last with this reason; answers Slack's ack body. */
    async submitDenial(userId: string, reason: string) {
      const views = stack.slack.openedViews();
      const opened = views[views.length - 1]!;
      const body = viewSubmissionBody({
        userId,
        view: { id: opened.view_id, callback_id: DSAR_DENY_CALLBACK_ID, private_metadata: String(opened.view.private_metadata) },
        values: { dsar_deny_reason: { value: { type: 'plain_text_input', value: reason || null } } },
      });
      return postSignedToSlackEndpoint(stack.botUrl, body, { signingSecret: secret() });
    },
    thread: (message: FakeSlackMessage) => stack.slack.messages(COMPLIANCE_CHANNEL).filter((m) => m.thread_ts === message.ts).map((m) => m.text ?? ''),
    linkDms,
    /** The nth download link DM (the URL's path, served by the stack's API port). */
    async downloadPath(_requesterId: string, nth: number): Promise<string> {
      const dm = await eventually('the download link DM', () => linkDms()[nth], 60_000);
      const url = /<([^|>]+)\|download the package>/.exec(dm.text ?? '')?.[1];
      if (!url) throw new Error(`no link in the DM: ${dm.text}`);
      return new URL(url).pathname;
    },
    async download(path: string): Promise<{ status: number; headers: Headers; body: Buffer }> {
      const res = await fetch(`${stack.apiUrl}${path}`);
      return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
    },
    untar,
  };
}
