import { executeChild } from '@temporalio/workflow';
import {
  assertedAction,
  workflowIds,
  type IngestItemInput,
  type IngestItemSpec,
  type IngestKnowledgeInput,
  type IngestKnowledgeResult,
  type ItemOutcome,
  type Signed,
  type Unsigned,
} from '../../lib/contracts';
import { startProof } from '../actor-proof';
import { accessGovernance, ingestion, slack, trust } from '../activity-options';
import { bestEffort, describeFailure } from '../workflow-helpers';
import { crawlSite } from './crawl-site';
import { IngestionThread } from './ingestion-thread';
import { ingestSlackFile } from './ingest-slack-file';

/**
 * Ingests Slack files and a website crawl: authorize, open the progress thread, run each item as a child
 * workflow (a few at a time), post the summary. Break-glass on `ingestion` stops new items; running ones end.
 */
export async function ingestKnowledge(input: Signed<IngestKnowledgeInput>): Promise<IngestKnowledgeResult> {
  try {
    await ingestion.authorizeIngestion({ proof: startProof(input), actorSlackId: input.actorSlackId, requestId: input.requestId, items: input.items.length });
  } catch (err) {
    await bestEffort('tell the requester', slack.notifyUser({ user: input.actorSlackId, text: `:no_entry: ${describeFailure(err)}` }));
    throw err;
  }
  const thread = new IngestionThread(input);
  await thread.open();
  const result = await runItems(input, thread);
  await thread.finish();
  await ingestion.recordIngestion({ requestId: input.requestId, actorSlackId: input.actorSlackId, result });
  return result;
}

async function runItems(input: IngestKnowledgeInput, thread: IngestionThread): Promise<IngestKnowledgeResult> {
  const running = new Set<Promise<void>>();
  let stoppedBy: IngestKnowledgeResult['stoppedBy'];
  for (const [index, item] of input.items.entries()) {
    while (running.size >= input.settings.parallelItems) await Promise.race(running);
    // Checked before each new item: break-glass lets running items finish and starts no more.
    const flag = await accessGovernance.breakGlassFlag({ scope: 'ingestion' });
    if (flag) {
      stoppedBy = flag;
      thread.view.stoppedBy = flag;
      await thread.recordSkipped(input.items.map((skipped, rest) => notStarted(rest, skipped)).filter((o) => o.index >= index));
      break;
    }
    thread.started();
    const done: Promise<void> = runItem(input, item, index)
      .then((outcome) => thread.record(outcome))
      .finally(() => running.delete(done));
    running.add(done);
  }
  await Promise.all(running);
  return { outcomes: thread.view.outcomes, ...(stoppedBy ? { stoppedBy } : {}) };
}

/** One child workflow per item, its id derived from the ingestion and the item's place in it. */
async function runItem(input: IngestKnowledgeInput, item: IngestItemSpec, index: number): Promise<ItemOutcome> {
  const workflowId = workflowIds.ingestItem(input.requestId, index);
  const workflowType = item.kind === 'crawl' ? 'crawlSite' : 'ingestSlackFile';
  const args: Unsigned<IngestItemInput> = {
    ingestionId: input.requestId,
    itemKey: workflowId,
    index,
    orgId: input.orgId,
    actorSlackId: input.actorSlackId,
    item,
    options: input.options,
    settings: input.settings,
  };
  try {
    // On behalf of the person this workflow proved at its start.
    const assertion = await trust.assertForWorkflow({ actor: input.actorSlackId, action: assertedAction.start(workflowType), workflowId, args });
    const child = item.kind === 'crawl' ? crawlSite : ingestSlackFile;
    return await executeChild(child, { workflowId, args: [{ ...args, assertion }] });
  } catch (err) {
    return {
      ...emptyOutcome(index, item),
      status: 'failed',
      failure: { reason: `Warden could not finish this item: ${describeFailure(err)}.`, remedy: 'Ingest it again; if it keeps failing, an admin can look at the workflow run.' },
    };
  }
}

function notStarted(index: number, item: IngestItemSpec): ItemOutcome {
  return { ...emptyOutcome(index, item), status: 'not_started', notes: ['Not started: break-glass is on for ingestion.'] };
}

function emptyOutcome(index: number, item: IngestItemSpec): ItemOutcome {
  return { index, label: item.kind === 'crawl' ? item.url : item.name, status: 'failed', methods: [], pages: 0, chars: 0, chunks: 0, costs: [], notes: [] };
}
