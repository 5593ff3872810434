import { randomBytes } from 'node:crypto';
import { INGEST_MODAL_CALLBACK_ID, type IngestKnowledgeResult } from '../../lib/contracts';
import { postSignedToSlackEndpoint, viewSubmissionBody } from './slack-requests';
import { eventually, OPS_CHANNEL, type TestStack } from './warden-stack';

export const TEST_TEAM = 'T0WARDEN01';

/** Drives ingestion the way a person does: the modal's submission, then the thread Warden keeps. */
export function ingestionDriver(stack: TestStack) {
  return {
    /** Submits the ingestion modal; answers the HTTP ack and the workflow id it starts. */
    async submit(userId: string, form: { files?: Array<Record<string, any>>; url?: string; vision?: boolean; depth?: number; pages?: number; teamId?: string }) {
      const viewId = `V0${randomBytes(4).toString('hex').toUpperCase()}`;
      const teamId = form.teamId ?? TEST_TEAM;
      const body = viewSubmissionBody({
        userId,
        teamId,
        view: { id: viewId, callback_id: INGEST_MODAL_CALLBACK_ID, private_metadata: JSON.stringify({ channelId: OPS_CHANNEL }) },
        values: {
          ingest_files: { files: { type: 'file_input', files: form.files ?? [] } },
          ingest_url: { url: { type: 'plain_text_input', value: form.url ?? null } },
          ingest_options: { options: { type: 'checkboxes', selected_options: form.vision ? [{ text: { type: 'plain_text', text: 'Gemini vision' }, value: 'vision' }] : [] } },
          ingest_depth: { depth: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: String(form.depth ?? 1) }, value: String(form.depth ?? 1) } } },
          ingest_pages: { pages: { type: 'number_input', value: form.pages === undefined ? null : String(form.pages) } },
        },
      });
      const res = await postSignedToSlackEndpoint(stack.botUrl, body, { signingSecret: stack.env.SLACK_SIGNING_SECRET! });
      return { status: res.status, text: res.text, json: res.json, workflowId: `ingest:${teamId}:${viewId}` };
    },

    /** The ingestion's result; the bot acks before it starts the workflow, so it may not exist quite yet. */
    async result(workflowId: string): Promise<IngestKnowledgeResult> {
      const handle = stack.warden.client.workflow.getHandle(workflowId);
      await eventually(`workflow ${workflowId} to start`, () => handle.describe().then(() => true, () => undefined));
      return handle.result();
    },

    /** The thread's summary reply, as the person sees it. */
    async summaryText(workflowId: string): Promise<string> {
      const run = encodeURIComponent(workflowId);
      const message = await eventually('the ingestion summary', () =>
        stack.slack.messages().find((m) => m.text?.startsWith('Summary:') && JSON.stringify(m.blocks ?? []).includes(run)),
      );
      return JSON.stringify(message.blocks);
    },
  };
}
