// Seeds a long, valid audit chain fast: the hashes are computed here with the repository's own eventHash, and
// the rows go in 10,000 at a time as arrays unnested by one INSERT … SELECT, so a million events take about a
// minute instead of the hours a million appends would.
import { Client } from 'pg';
import { eventHash, GENESIS_HASH } from '../../lib/db/repositories/audit-log';

const ROWS_PER_INSERT = 10_000;
const INSERT = `INSERT INTO audit_events (seq, idempotency_key, at, actor, action, target, outcome, workflow_id, request_id, details, prev_hash, hash)
  SELECT * FROM unnest($1::bigint[], $2::text[], $3::timestamp(3)[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::jsonb[], $11::text[], $12::text[])`;

export interface SeededChain {
  count: number;
  headHash: string;
}

/**
 * Appends `add` events after the chain's current head (read from the table), in seq order. Nothing else may
 * append meanwhile; the benchmark owns its database.
 */
export async function seedAuditChain(databaseUrl: string, add: number): Promise<SeededChain> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // The column is timestamp without time zone holding UTC, as Prisma writes it.
    await client.query(`SET TIME ZONE 'UTC'`);
    const head = await client.query<{ head_seq: string; hash: string }>('SELECT seq::text AS head_seq, hash FROM audit_events ORDER BY audit_events.seq DESC LIMIT 1');
    let prevHash = head.rows[0]?.hash ?? GENESIS_HASH;
    let seq = BigInt(head.rows[0]?.head_seq ?? '0');
    const start = Date.UTC(2026, 0, 1) + Number(seq) * 1000;
    for (let done = 0; done < add; done += ROWS_PER_INSERT) {
      const n = Math.min(ROWS_PER_INSERT, add - done);
      const cols: unknown[][] = Array.from({ length: 12 }, () => []);
      for (let i = 0; i < n; i++) {
        seq += 1n;
        const at = new Date(start + (done + i) * 1000);
        const row = {
          idempotencyKey: `seed:${seq}`,
          at,
          actor: seq % 7n === 0n ? 'unauthenticated' : 'service:agent-runtime',
          action: 'key.resolve',
          target: seq % 3n === 0n ? 'anthropic/staging' : 'openai/production',
          outcome: seq % 7n === 0n ? 'denied' : 'succeeded',
          workflowId: null,
          requestId: null,
          details: seq % 7n === 0n ? { reason: 'wrong service token', remoteAddress: '10.0.0.7' } : { source: 'org', keyId: `key-${seq % 50n}`, fingerprint: `fp_${(seq % 50n).toString(16).padStart(16, '0')}` },
        };
        const hash = eventHash(prevHash, row);
        const values = [seq.toString(), row.idempotencyKey, at.toISOString().replace('Z', ''), row.actor, row.action, row.target, row.outcome, null, null, JSON.stringify(row.details), prevHash, hash];
        values.forEach((v, c) => cols[c]!.push(v));
        prevHash = hash;
      }
      await client.query(INSERT, cols);
    }
    // Later appends take their seq from the sequence: move it past the seeded rows.
    await client.query(`SELECT setval(pg_get_serial_sequence('audit_events', 'seq'), $1::bigint)`, [seq.toString()]);
    const total = await client.query<{ n: string }>('SELECT count(*)::text AS n FROM audit_events');
    return { count: Number(total.rows[0]!.n), headHash: prevHash };
  } finally {
    await client.end();
  }
}
