import { API_KEY_MODAL_CALLBACK_ID } from '../../lib/contracts';
import { postSignedToSlackEndpoint, viewSubmissionBody } from './slack-requests';
import { eventually, type TestStack } from './warden-stack';

export interface ApiKeyModalFields {
  name: string;
  actions: string[];
  environments: string[];
  providers?: string[];
  agents: string;
  expiresInDays?: string;
}

/** Submits the create-API-key modal the way Slack does, and waits for the modal to show the outcome. */
export async function submitApiKeyModal(stack: TestStack, userId: string, viewId: string, f: ApiKeyModalFields): Promise<{ status: number; shown: string }> {
  const multi = (values: string[]) => ({ value: { type: 'multi_static_select', selected_options: values.map((v) => ({ text: { type: 'plain_text', text: v }, value: v })) } });
  const text = (value: string | undefined) => ({ value: { type: 'plain_text_input', value: value ?? null } });
  const body = viewSubmissionBody({
    userId,
    view: { id: viewId, callback_id: API_KEY_MODAL_CALLBACK_ID },
    values: {
      apikey_name: text(f.name),
      apikey_actions: multi(f.actions),
      apikey_environments: multi(f.environments),
      apikey_providers: multi(f.providers ?? []),
      apikey_agents: text(f.agents),
      apikey_expires_days: text(f.expiresInDays),
    },
  });
  const res = await postSignedToSlackEndpoint(stack.botUrl, body, { signingSecret: stack.env.SLACK_SIGNING_SECRET! });
  if (res.status !== 200 || res.text.includes('"errors"')) return { status: res.status, shown: res.text };
  const shown = await eventually('the modal to show the created key', () => {
    const update = stack.slack.callsTo('views.update').find((c) => (c.args as { view_id?: string }).view_id === viewId && !JSON.stringify(c.args).includes('Creating the key'));
    return update ? JSON.stringify(update.args) : undefined;
  }, 60_000);
  return { status: res.status, shown };
}

/** The key in a message shown to its creator (a code block), or undefined. */
export function keyIn(text: string): string | undefined {
  return /wk_live_[0-9a-f]{8}_[A-Za-z0-9_-]{43}/.exec(text)?.[0];
}
