import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ClientBase } from 'pg';

// pg rather than lib/db: the platform's database is not Warden's, and Prisma knows nothing of it.
const SCHEMA_FILE = path.resolve(__dirname, '../../prisma/platform/schema.sql');
// Any fixed number: it only keeps two Warden processes from creating the schema at the same moment.
const SCHEMA_LOCK = 7_311_010;

/** Creates the sample platform schema if missing; safe to run at every start and from several processes. */
export async function ensurePlatformSchema(client: ClientBase): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
    await client.query(readFileSync(SCHEMA_FILE, 'utf8'));
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
}

export interface PlatformSeedOptions {
  endUsers: number;
  conversationsPerUser: number;
  messagesPerConversation: number;
  /** Dates are laid out backwards from this day, so retention has something to do. */
  asOf: Date;
  /** One extra subject with this many messages (bulk.subject@example.com / eu_bulk), for benchmarks. */
  bulkSubjectMessages?: number;
}

export const DEFAULT_SEED: Omit<PlatformSeedOptions, 'asOf'> = { endUsers: 50, conversationsPerUser: 3, messagesPerConversation: 6 };
export const BULK_SUBJECT = { endUserId: 'eu_bulk', email: 'bulk.subject@example.com' } as const;
const BULK_MESSAGES_PER_CONVERSATION = 100;

export interface SeedCounts {
  agents: number;
  endUsers: number;
  conversations: number;
  messages: number;
  documents: number;
}

/**
 * Replaces the platform's rows with a deterministic data set: the same options always give the same rows.
 * End user n is `eu_00000n` with email `<first>.<last><n>@example.com` (n = 1: ana.lima1@example.com).
 * Users write odd-numbered messages (carrying their id and email); the agent answers the even ones.
 * Everything is generated inside PostgreSQL, so a million rows take seconds and no memory here.
 */
export async function seedPlatform(client: ClientBase, o: PlatformSeedOptions): Promise<SeedCounts> {
  await ensurePlatformSchema(client);
  const asOf = o.asOf.toISOString();
  await client.query('BEGIN');
  try {
    await client.query('TRUNCATE platform.messages, platform.conversations, platform.knowledge_documents, platform.end_user_contacts, platform.agents');
    await client.query(`
      INSERT INTO platform.agents (id, name, model, owner_slack_id, created_at)
      SELECT 'agent_' || a, (ARRAY['Support','Billing','Onboarding','Returns','Sales'])[a], 'gpt-4o-mini',
             'U0SEED' || lpad(a::text, 4, '0'), $1::timestamptz - make_interval(days => 900)
        FROM generate_series(1, 5) AS a`, [asOf]);
    await client.query(`
      INSERT INTO platform.end_user_contacts (id, end_user_id, email, display_name, phone, country, created_at)
      SELECT 'contact_' || lpad(i::text, 6, '0'), 'eu_' || lpad(i::text, 6, '0'),
             f || '.' || l || i || '@example.com', initcap(f) || ' ' || initcap(l),
             '+44 20 7946 ' || lpad((i % 10000)::text, 4, '0'), (ARRAY['GB','DE','FR','ES','NL','PL'])[1 + i % 6],
             $2::timestamptz - make_interval(days => (i * 37) % 900)
        FROM generate_series(1, $1::int) AS i,
             LATERAL (SELECT (ARRAY['ana','ben','chloe','dario','eva','farid','greta','hugo','ines','jonas','kofi','lena','marta','nils','olga','pavel'])[1 + (i - 1) % 16] AS f,
                             (ARRAY['lima','schmidt','martin','rossi','novak','dubois','fischer','garcia','jansen','kowalski','silva','weber','moreau','nowak','costa','meyer'])[1 + ((i - 1) / 16) % 16] AS l) AS n`,
      [o.endUsers, asOf]);
    await client.query(`
      INSERT INTO platform.conversations (id, agent_id, end_user_id, title, started_at, last_message_at)
      SELECT 'conv_' || lpad(i::text, 6, '0') || '_' || lpad(j::text, 3, '0'), 'agent_' || (1 + (i + j) % 5), 'eu_' || lpad(i::text, 6, '0'),
             (ARRAY['Order not delivered','Refund request','Password reset','Change of address','Invoice question'])[1 + (i * 3 + j) % 5],
             s, s + make_interval(mins => $3::int)
        FROM generate_series(1, $1::int) AS i, generate_series(1, $2::int) AS j,
             LATERAL (SELECT $4::timestamptz - make_interval(days => (i * 37 + j * 113) % 500, hours => (i + j) % 24) AS s) AS t`,
      [o.endUsers, o.conversationsPerUser, o.messagesPerConversation, asOf]);
    await insertMessages(client, "c.end_user_id <> $2", 0, o.messagesPerConversation);
    if (o.bulkSubjectMessages) await seedBulkSubject(client, o.bulkSubjectMessages, asOf);
    await client.query(`
      INSERT INTO platform.knowledge_documents (id, agent_id, title, uploaded_by_email, uploaded_by_slack_id, storage_path, bytes, created_at)
      SELECT 'doc_' || lpad(d::text, 5, '0'), 'agent_' || (1 + d % 5),
             (ARRAY['Returns policy','Shipping times','Price list','Warranty terms','FAQ'])[1 + d % 5] || ' ' || d,
             CASE WHEN d % 4 = 0 THEN u.email END, CASE WHEN d % 4 <> 0 THEN 'U0SEED' || lpad((1 + d % 5)::text, 4, '0') END,
             's3://platform-knowledge/doc_' || d || '.pdf', 10000 + (d * 7919) % 90000,
             $2::timestamptz - make_interval(days => (d * 37) % 700)
        FROM generate_series(1, $1::int) AS d
        LEFT JOIN platform.end_user_contacts u ON u.end_user_id = 'eu_' || lpad((1 + (d - 1) % greatest($3::int, 1))::text, 6, '0')`,
      [Math.max(10, Math.ceil(o.endUsers / 2)), asOf, o.endUsers]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
  const { rows } = await client.query<Record<keyof SeedCounts, string>>(`
    SELECT (SELECT count(*) FROM platform.agents) AS agents, (SELECT count(*) FROM platform.end_user_contacts) AS "endUsers",
           (SELECT count(*) FROM platform.conversations) AS conversations, (SELECT count(*) FROM platform.messages) AS messages,
           (SELECT count(*) FROM platform.knowledge_documents) AS documents`);
  const r = rows[0]!;
  return { agents: +r.agents, endUsers: +r.endUsers, conversations: +r.conversations, messages: +r.messages, documents: +r.documents };
}

/** Messages for the conversations `where` picks, numbered on from `firstId`. */
async function insertMessages(client: ClientBase, where: string, firstId: number, perConversation: number): Promise<void> {
  await client.query(`
    INSERT INTO platform.messages (id, conversation_id, role, end_user_id, email, text, created_at)
    SELECT $1::bigint + row_number() OVER (ORDER BY c.id, k), c.id,
           CASE WHEN k % 2 = 1 THEN 'user' ELSE 'agent' END,
           CASE WHEN k % 2 = 1 THEN u.end_user_id END, CASE WHEN k % 2 = 1 THEN u.email END,
           CASE WHEN k % 2 = 1 THEN
             (ARRAY['Hi, this is ' || u.display_name || '. You can reach me at ' || u.email || ' or ' || u.phone || '. Where is order #' || (100000 + k * 31) || '?',
                    'I was charged twice (EUR 49.99 on 2025-03-14) on card 4111 1111 1111 1111, please refund to IBAN GB82 WEST 1234 5698 7654 32.',
                    'Version 2.3.1 of the app crashes when I log in from 203.0.113.' || (k % 250) || '. Hallo, können Sie mir helfen?',
                    'Please send the invoice to ' || u.email || ' and not to my old address.'])[1 + (k / 2) % 4]
           ELSE
             (ARRAY['Thanks ' || split_part(u.display_name, ' ', 1) || ', I have found order #' || (100000 + k * 31) || '. It ships tomorrow.',
                    'I am sorry about that. A refund of EUR 49.99 is on its way and should arrive within 5 working days.',
                    'Could you try updating to version 2.4.0? It fixes the login crash.'])[1 + (k / 2) % 3]
           END,
           c.started_at + make_interval(mins => k)
      FROM platform.conversations c
      JOIN platform.end_user_contacts u ON u.end_user_id = c.end_user_id
      CROSS JOIN generate_series(1, $3::int) AS k
     WHERE ${where}`, [firstId, BULK_SUBJECT.endUserId, perConversation]);
}

async function seedBulkSubject(client: ClientBase, messages: number, asOf: string): Promise<void> {
  const conversations = Math.ceil(messages / BULK_MESSAGES_PER_CONVERSATION);
  await client.query(`
    INSERT INTO platform.end_user_contacts (id, end_user_id, email, display_name, phone, country, created_at)
    VALUES ('contact_bulk', $1, $2, 'Bulk Subject', '+44 20 7946 0000', 'GB', $3::timestamptz - interval '30 days')`,
    [BULK_SUBJECT.endUserId, BULK_SUBJECT.email, asOf]);
  await client.query(`
    INSERT INTO platform.conversations (id, agent_id, end_user_id, title, started_at, last_message_at)
    SELECT 'conv_bulk_' || lpad(j::text, 6, '0'), 'agent_' || (1 + j % 5), $2, 'Bulk conversation ' || j,
           $3::timestamptz - make_interval(days => j % 20), $3::timestamptz - make_interval(days => j % 20) + interval '100 minutes'
      FROM generate_series(1, $1::int) AS j`, [conversations, BULK_SUBJECT.endUserId, asOf]);
  const { rows } = await client.query<{ max: string | null }>('SELECT max(id) AS max FROM platform.messages');
  await insertMessages(client, 'c.end_user_id = $2', Number(rows[0]!.max ?? 0), BULK_MESSAGES_PER_CONVERSATION);
  // The last conversation is cut down so the subject has exactly the number of messages asked for.
  await client.query(`DELETE FROM platform.messages WHERE id IN (
      SELECT m.id FROM platform.messages m JOIN platform.conversations c ON c.id = m.conversation_id
       WHERE c.end_user_id = $1 ORDER BY m.id DESC LIMIT $2)`, [BULK_SUBJECT.endUserId, conversations * BULK_MESSAGES_PER_CONVERSATION - messages]);
}
