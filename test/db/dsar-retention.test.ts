// Retention over the seeded sample platform (issue 10): only records past their record type's retention go,
// held ones stay, tables kept by strategy (the audit log) are never touched.
import { randomBytes } from 'node:crypto';
import { createAuditLog, createLegalHoldRepository } from '../../lib/db';
import { createLegalHolds, enforceRetention, type LegalHolds } from '../../lib/data-rights';
import { count, createSamplePlatform, SEED_AS_OF, type SamplePlatform } from '../helpers/sample-platform';

const NOW = SEED_AS_OF;
const DAY = 86_400_000;
const key = randomBytes(32);

let p: SamplePlatform;
let holds: LegalHolds;

beforeEach(async () => {
  p = await createSamplePlatform({ endUsers: 40, conversationsPerUser: 4 });
  holds = createLegalHolds({ repo: createLegalHoldRepository(p.db.prisma), audit: createAuditLog(p.db.prisma), sources: p.sources, map: p.map, pseudonymKey: key, clock: () => NOW });
});
afterEach(() => p.close());

test('expired records are deleted, held and unexpired ones stay, and the counts say so', async () => {
  const messageCutoff = new Date(NOW.getTime() - 180 * DAY);
  const conversationCutoff = new Date(NOW.getTime() - 365 * DAY);
  // An old conversation of user 2 held on its own, and every record of user 3 held through their email.
  const { rows: old } = await p.sql.query<{ id: string }>(`SELECT id FROM platform.conversations WHERE end_user_id = 'eu_000002' AND last_message_at < $1 ORDER BY id LIMIT 1`, [conversationCutoff]);
  const heldConversation = old[0]!.id;
  await holds.placeConversationHold({ conversationId: heldConversation, reason: 'Dispute', placedBySlackId: 'U0COMPLY01', requestId: 'h1' });
  const { rows: u3 } = await p.sql.query<{ email: string }>(`SELECT email FROM platform.end_user_contacts WHERE end_user_id = 'eu_000003'`);
  await holds.placeSubjectHold({ subject: { kind: 'email', value: u3[0]!.email }, reason: 'Regulator', placedBySlackId: 'U0COMPLY01', requestId: 'h2' });
  const auditBefore = await p.db.prisma.auditEvent.count();

  const heldMessages = `(conversation_id = '${heldConversation}' OR conversation_id LIKE 'conv_000003_%')`;
  const expiredMessages = await count(p.sql, `SELECT 1 FROM platform.messages WHERE created_at < $1 AND NOT ${heldMessages}`, [messageCutoff]);
  const heldExpiredMessages = await count(p.sql, `SELECT 1 FROM platform.messages WHERE created_at < $1 AND ${heldMessages}`, [messageCutoff]);
  const freshMessages = await count(p.sql, `SELECT 1 FROM platform.messages WHERE created_at >= $1`, [messageCutoff]);
  const expiredConversations = await count(p.sql, `SELECT 1 FROM platform.conversations WHERE last_message_at < $1 AND id <> $2 AND end_user_id <> 'eu_000003'`, [conversationCutoff, heldConversation]);
  const documents = await count(p.sql, 'SELECT 1 FROM platform.knowledge_documents');
  expect(expiredMessages).toBeGreaterThan(50);
  expect(heldExpiredMessages).toBeGreaterThan(6);
  expect(expiredConversations).toBeGreaterThan(5);

  const results = await enforceRetention(p.sources, p.map, NOW, await holds.current(), { pseudonymKey: key, batchSize: 37 });
  const byTable = Object.fromEntries(results.map((r) => [r.table, r]));

  expect(byTable['platform.messages']).toMatchObject({ deleted: expiredMessages, keptLegalHold: heldExpiredMessages });
  expect(byTable['platform.conversations']).toMatchObject({ deleted: expiredConversations });
  expect(byTable['platform.conversations']!.keptLegalHold).toBeGreaterThanOrEqual(1);
  // Knowledge documents have no retention period; the audit log and members are kept by strategy.
  expect(Object.keys(byTable).sort()).toEqual(['platform.conversations', 'platform.end_user_contacts', 'platform.messages']);

  expect(await count(p.sql, `SELECT 1 FROM platform.messages WHERE created_at < $1`, [messageCutoff])).toBe(heldExpiredMessages);
  expect(await count(p.sql, `SELECT 1 FROM platform.messages WHERE created_at >= $1`, [messageCutoff])).toBe(freshMessages);
  expect(await count(p.sql, `SELECT 1 FROM platform.messages WHERE conversation_id = $1`, [heldConversation])).toBeGreaterThan(0);
  expect(await count(p.sql, `SELECT 1 FROM platform.conversations WHERE id = $1`, [heldConversation])).toBe(1);
  expect(await count(p.sql, 'SELECT 1 FROM platform.knowledge_documents')).toBe(documents);
  expect(await p.db.prisma.auditEvent.count()).toBe(auditBefore);

  // A second run finds nothing more to do.
  const again = await enforceRetention(p.sources, p.map, NOW, await holds.current(), { pseudonymKey: key });
  expect(again.map((r) => r.deleted + r.anonymised)).toEqual([0, 0, 0]);
});

test('a table erased column by column is anonymised, not deleted, once past retention', async () => {
  // A map where knowledge documents expire after a year and lose who uploaded them.
  const map = { ...p.map, recordTypes: { ...p.map.recordTypes, knowledge_document: { name: 'knowledge_document', retentionMs: 365 * DAY, minimumRetentionMs: null } } };
  const expired = await count(p.sql, `SELECT 1 FROM platform.knowledge_documents WHERE created_at < $1`, [new Date(NOW.getTime() - 365 * DAY)]);
  const total = await count(p.sql, 'SELECT 1 FROM platform.knowledge_documents');
  expect(expired).toBeGreaterThan(0);

  const results = await enforceRetention(p.sources, map, NOW, await holds.current(), { pseudonymKey: key });
  expect(results.find((r) => r.table === 'platform.knowledge_documents')).toMatchObject({ deleted: 0, anonymised: expired });
  expect(await count(p.sql, 'SELECT 1 FROM platform.knowledge_documents')).toBe(total);
  expect(await count(p.sql, `SELECT 1 FROM platform.knowledge_documents WHERE created_at < $1 AND (uploaded_by_email NOT LIKE 'psn\\_%' OR uploaded_by_slack_id NOT LIKE 'psn\\_%')`, [new Date(NOW.getTime() - 365 * DAY)])).toBe(0);
  expect(await count(p.sql, `SELECT 1 FROM platform.knowledge_documents WHERE created_at >= $1 AND (uploaded_by_email LIKE 'psn\\_%' OR uploaded_by_slack_id LIKE 'psn\\_%')`, [new Date(NOW.getTime() - 365 * DAY)])).toBe(0);
});

test("a due record that a held record still points at is kept and counted, and the run does not fail", async () => {
  // User 3, under a subject hold, once wrote in user 2's old conversation: the conversation is due, the line is held.
  const { rows: u3 } = await p.sql.query<{ email: string }>(`SELECT email FROM platform.end_user_contacts WHERE end_user_id = 'eu_000003'`);
  await holds.placeSubjectHold({ subject: { kind: 'email', value: u3[0]!.email }, reason: 'Regulator', placedBySlackId: 'U0COMPLY01', requestId: 'h3' });
  const { rows: old } = await p.sql.query<{ id: string }>(`SELECT id FROM platform.conversations WHERE end_user_id = 'eu_000002' AND last_message_at < $1 ORDER BY id LIMIT 1`, [new Date(NOW.getTime() - 365 * DAY)]);
  const shared = old[0]!.id;
  await p.sql.query(`INSERT INTO platform.messages VALUES (900201, $1, 'user', 'eu_000003', $2, 'a line from user 3', $3::timestamptz - interval '400 days')`, [shared, u3[0]!.email, NOW]);

  const results = await enforceRetention(p.sources, p.map, NOW, await holds.current(), { pseudonymKey: key, batchSize: 37 });
  const conversations = results.find((r) => r.table === 'platform.conversations')!;
  expect(conversations.keptReferenced).toBe(1);
  expect(await count(p.sql, `SELECT 1 FROM platform.conversations WHERE id = $1`, [shared])).toBe(1);
  expect(await count(p.sql, `SELECT 1 FROM platform.messages WHERE id = 900201`)).toBe(1);
  // Every other line of that conversation went; the conversation stays only for the held one.
  expect(await count(p.sql, `SELECT 1 FROM platform.messages WHERE conversation_id = $1`, [shared])).toBe(1);
});
