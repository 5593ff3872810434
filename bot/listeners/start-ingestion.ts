import type { IngestItemSpec, IngestOptions } from '../../lib/contracts';
import type { ingestKnowledge } from '../../workflows';
import type { BotDeps } from '../deps';

/** Starts the ingestion workflow once per request (its id comes from the Slack request); answers whether this call started it. */
export async function startIngestion(
  deps: Pick<BotDeps, 'workflows' | 'ingestSettings'>,
  p: { workflowId: string; actorSlackId: string; orgId: string; channelId: string; source: 'modal' | 'shortcut'; items: IngestItemSpec[]; options: IngestOptions },
): Promise<{ started: boolean; runUrl: string }> {
  return deps.workflows.startOnce<typeof ingestKnowledge>('ingestKnowledge', {
    workflowId: p.workflowId,
    actor: p.actorSlackId,
    input: {
      requestId: p.workflowId,
      orgId: p.orgId,
      actorSlackId: p.actorSlackId,
      channelId: p.channelId,
      source: p.source,
      items: p.items,
      options: p.options,
      settings: deps.ingestSettings,
    },
  });
}
