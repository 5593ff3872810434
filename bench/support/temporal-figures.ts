import { createServer } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import type { WardenConfig } from '../../lib/config';
import { createKmsFromConfig } from '../../lib/crypto';
import { createWardenDataConverter } from '../../lib/temporal/warden-data-converter';

/** A Temporal client that reads Warden's payloads (they are encrypted under its master key). */
export async function wardenClient(address: string, config: Pick<WardenConfig, 'masterKeys'>): Promise<{ client: Client; close(): Promise<void> }> {
  const { kms, versions } = createKmsFromConfig(config.masterKeys);
  const connection = await Connection.connect({ address });
  return { client: new Client({ connection, dataConverter: await createWardenDataConverter(kms, versions) }), close: () => connection.close() };
}

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
