import type { PayloadCodec } from '@temporalio/common';
import type { Client } from '@temporalio/client';

/**
 * Every workflow's history as text twice over: the raw bytes Temporal stores, and the same payloads
 * decoded by Warden's codec (what an operator with the codec server would see).
 */
export async function allHistoryText(client: Client, codec: PayloadCodec): Promise<{ raw: string; decoded: string; workflows: number }> {
  let raw = '';
  let decoded = '';
  let workflows = 0;
  for await (const execution of client.workflow.list()) {
    workflows += 1;
    const history = await client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
    const payloads: Array<{ metadata?: Record<string, Uint8Array> | null; data?: Uint8Array | null }> = [];
    collectPayloads(history, payloads);
    raw += JSON.stringify(history, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v));
    const plain = await codec.decode(payloads.map((p) => ({ metadata: p.metadata ?? {}, data: p.data ?? undefined })));
    decoded += plain.map((p) => Buffer.from(p.data ?? new Uint8Array()).toString('utf8')).join('\n');
  }
  return { raw, decoded, workflows };
}

function collectPayloads(node: unknown, out: Array<{ metadata?: Record<string, Uint8Array> | null; data?: Uint8Array | null }>): void {
  if (!node || typeof node !== 'object' || node instanceof Uint8Array) return;
  const record = node as Record<string, unknown>;
  if ('metadata' in record && 'data' in record && record.data instanceof Uint8Array) {
    out.push(record as never);
    return;
  }
  for (const value of Object.values(record)) collectPayloads(value, out);
}
