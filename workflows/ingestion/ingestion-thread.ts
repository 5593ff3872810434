import { log, setHandler, workflowInfo } from '@temporalio/workflow';
import { temporalRunUrl, type IngestionProgressView, type IngestKnowledgeInput, type ItemOutcome, type SlackMessageRef } from '../../lib/contracts';
import { ingestion } from '../activity-options';
import { ingestionProgressQuery } from '../messages';
import { describeFailure } from '../workflow-helpers';

/**
 * The ingestion's state and its Slack thread: progress updated in place as items finish, then the summary.
 * Slack trouble is logged and never stops the ingestion itself.
 */
export class IngestionThread {
  readonly view: IngestionProgressView;
  private thread: SlackMessageRef | null = null;
  private progress: SlackMessageRef | null = null;

  constructor(private readonly input: IngestKnowledgeInput) {
    this.view = {
      actorSlackId: input.actorSlackId,
      total: input.items.length,
      done: 0,
      running: 0,
      pages: 0,
      chars: 0,
      outcomes: [],
      finished: false,
      runUrl: temporalRunUrl(input.settings.temporalUiUrl, input.settings.namespace, workflowInfo().workflowId),
    };
    setHandler(ingestionProgressQuery, () => this.view);
  }

  async open(): Promise<void> {
    try {
      const refs = await ingestion.openIngestionThread({ channel: this.input.channelId, view: this.view });
      this.thread = refs.thread;
      this.progress = refs.progress;
    } catch (err) {
      log.warn('Could not open the ingestion thread in Slack', { error: describeFailure(err) });
    }
  }

  started(): void {
    this.view.running += 1;
  }

  async record(outcome: ItemOutcome): Promise<void> {
    this.view.running = Math.max(0, this.view.running - 1);
    this.view.done += 1;
    this.view.pages += outcome.pages;
    this.view.chars += outcome.chars;
    this.view.outcomes.push(outcome);
    this.view.outcomes.sort((a, b) => a.index - b.index);
    await this.publish();
  }

  /** Items that will not run (break-glass): recorded together, one Slack update. */
  async recordSkipped(outcomes: ItemOutcome[]): Promise<void> {
    this.view.done += outcomes.length;
    this.view.outcomes.push(...outcomes);
    this.view.outcomes.sort((a, b) => a.index - b.index);
    await this.publish();
  }

  async finish(): Promise<void> {
    this.view.finished = true;
    this.view.outcomes.sort((a, b) => a.index - b.index);
    await this.publish();
    if (!this.thread) return;
    try {
      await ingestion.postIngestionSummary({ thread: this.thread, view: this.view });
    } catch (err) {
      log.warn('Could not post the ingestion summary in Slack', { error: describeFailure(err) });
    }
  }

  private async publish(): Promise<void> {
    if (!this.progress) return;
    try {
      await ingestion.updateIngestionProgress({ message: this.progress, view: this.view });
    } catch (err) {
      log.warn('Could not update the ingestion progress in Slack', { error: describeFailure(err) });
    }
  }
}
