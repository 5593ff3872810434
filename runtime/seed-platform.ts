import { Client } from 'pg';
import { BULK_SUBJECT, DEFAULT_SEED, seedPlatform } from '../lib/data-rights';

const USAGE = `npm run seed:platform -- [--users N] [--conversations N] [--messages N] [--bulk-subject-messages N] [--as-of YYYY-MM-DD]
Replaces the sample platform's rows (schema "platform") with a deterministic data set.
  --users                    end users (default ${DEFAULT_SEED.endUsers})
  --conversations            conversations per end user (default ${DEFAULT_SEED.conversationsPerUser})
  --messages                 messages per conversation (default ${DEFAULT_SEED.messagesPerConversation})
  --bulk-subject-messages    add ${BULK_SUBJECT.email} with this many messages (benchmarks)
  --as-of                    the day dates count back from (default today, UTC)
The database is PLATFORM_DATABASE_URL, else DATABASE_URL.`;

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function count(name: string, fallback: number): number {
  const text = option(name);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number; got ${text}\n\n${USAGE}`);
  return n;
}

async function main(): Promise<void> {
  if (process.argv.includes('--help')) return void console.log(USAGE);
  const url = process.env.PLATFORM_DATABASE_URL || process.env.DATABASE_URL;
  if (!url) throw new Error(`Set PLATFORM_DATABASE_URL or DATABASE_URL.\n\n${USAGE}`);
  const asOfText = option('as-of');
  const asOf = asOfText ? new Date(`${asOfText}T00:00:00Z`) : new Date(new Date().toISOString().slice(0, 10) + 'T00:00:00Z');
  if (Number.isNaN(asOf.getTime())) throw new Error(`--as-of must be a date like 2026-01-31; got ${asOfText}`);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const started = Date.now();
    const counts = await seedPlatform(client, {
      endUsers: count('users', DEFAULT_SEED.endUsers),
      conversationsPerUser: count('conversations', DEFAULT_SEED.conversationsPerUser),
      messagesPerConversation: count('messages', DEFAULT_SEED.messagesPerConversation),
      bulkSubjectMessages: count('bulk-subject-messages', 0) || undefined,
      asOf,
    });
    console.log(JSON.stringify({ seeded: counts, asOf: asOf.toISOString().slice(0, 10), ms: Date.now() - started }));
  } finally {
    await client.end();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
