import { log, setHandler, workflowInfo } from '@temporalio/workflow';
import { temporalRunUrl, type KeyProgress, type KeyWorkflowSettings, type SlackMessageRef, type StepState } from '../../lib/contracts';
import { slack } from '../activity-options';
import { keyProgressQuery } from '../messages';
import { describeFailure } from '../workflow-helpers';

/**
 * The key operation's Slack thread: a parent message in the admin channel and one reply that is
 * updated in place. Slack trouble is logged and never fails the key operation itself.
 */
export class ProgressThread {
  readonly progress: KeyProgress;
  private thread: SlackMessageRef | null = null;
  private reply: SlackMessageRef | null = null;

  constructor(
    base: Pick<KeyProgress, 'operation' | 'provider' | 'environment' | 'actorSlackId'>,
    stepLabels: string[],
    private readonly settings: KeyWorkflowSettings,
  ) {
    this.progress = {
      ...base,
      steps: stepLabels.map((label) => ({ label, state: 'waiting' })),
      outcome: 'in_progress',
      runUrl: temporalRunUrl(settings.temporalUiUrl, settings.namespace, workflowInfo().workflowId),
    };
    setHandler(keyProgressQuery, () => this.progress);
  }

  get message(): SlackMessageRef | null {
    return this.reply;
  }

  get threadRef(): SlackMessageRef | null {
    return this.thread;
  }

  mark(label: string, state: StepState, detail?: string): void {
    const step = this.progress.steps.find((s) => s.label === label);
    if (!step) throw new Error(`unknown progress step ${label}`);
    step.state = state;
    step.detail = detail;
    step.at = new Date().toISOString();
  }

  finish(outcome: 'succeeded' | 'failed', summary: string): void {
    this.progress.outcome = outcome;
    this.progress.summary = summary;
    for (const step of this.progress.steps) if (step.state === 'waiting' || step.state === 'running') step.state = 'skipped';
  }

  async publish(): Promise<void> {
    try {
      if (!this.thread) this.thread = await slack.openKeyThread({ channel: this.settings.adminChannel, progress: this.progress });
      if (!this.reply) this.reply = await slack.postKeyProgress({ thread: this.thread, progress: this.progress });
      else await slack.updateKeyProgress({ message: this.reply, progress: this.progress });
    } catch (err) {
      log.warn('Could not update the key thread in Slack', { error: describeFailure(err) });
    }
  }
}
