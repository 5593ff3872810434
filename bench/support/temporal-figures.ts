import { createServer } from 'node:net';
import type { Client } from '@temporalio/client';

/** History length of every run whose workflow id starts with `prefix` (children and continued runs too), longest first. */
export async function historyLengths(client: Client, prefix: string): Promise<Array<{ id: string; runId: string; events: number }>> {
  const found: Array<{ id: string; runId: string; events: number }> = [];
  for await (const wf of client.workflow.list({ query: `WorkflowId STARTS_WITH "${prefix}"` })) {
    const events = (await client.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory()).events?.length ?? 0;
    found.push({ id: wf.workflowId, runId: wf.runId, events });
  }
  return found.sort((a, b) => b.events - a.events);
}

/** A port nothing listens on right now, for a process this benchmark starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
