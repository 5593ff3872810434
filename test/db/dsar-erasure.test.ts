// Erasure of a subject over the seeded sample platform (issue 10): exactly the subject's unheld records
// change, held and still-required ones stay, the report says which and why, and a second run changes nothing.
import { randomBytes } from 'node:crypto';
import { createAuditLog, createLegalHoldRepository } from '../../lib/db';
import { createLegalHolds, eraseSubject, subjectPseudonym, type ErasureReport, type LegalHolds } from '../../lib/data-rights';
import { erasureReportText } from '../../lib/slack/blocks/erasure-report';
import { count, createSamplePlatform, SEED_AS_OF, type SamplePlatform } from '../helpers/sample-platform';

const ANA = { kind: 'email', value: 'ana.lima1@example.com' } as const;
const NOW = SEED_AS_OF;
const key = randomBytes(32);

let p: SamplePlatform;
let holds: LegalHolds;

beforeEach(async () => {
  p = await createSamplePlatform();
  holds = createLegalHolds({ repo: createLegalHoldRepository(p.db.prisma), audit: createAuditLog(p.db.prisma), sources: p.sources, map: p.map, pseudonymKey: key, clock: () => NOW });
  // A conversation from yesterday: still inside the 14-day minimum retention of conversations and messages.
  await p.sql.query(`INSERT INTO platform.conversations VALUES ('conv_recent', 'agent_1', 'eu_000001', 'Recent', $1::timestamptz - interval '1 day', $1::timestamptz - interval '1 day')`, [NOW]);
  await p.sql.query(`INSERT INTO platform.messages VALUES (900001, 'conv_recent', 'user', 'eu_000001', 'ana.lima1@example.com', 'hello again', $1::timestamptz - interval '1 day'),
                                                       (900002, 'conv_recent', 'agent', NULL, NULL, 'hi Ana', $1::timestamptz - interval '1 day')`, [NOW]);
  await p.sql.query(`INSERT INTO platform.knowledge_documents (id, agent_id, title, uploaded_by_email, storage_path, bytes, created_at)
                     VALUES ('doc_ana', 'agent_1', 'My CV', 'ana.lima1@example.com', 's3://x/doc_ana.pdf', 1200, now())`);
  await p.db.prisma.member.create({ data: { slackUserId: 'U0ANA00001', email: 'ana.lima1@example.com', displayName: 'Ana Lima' } });
});
afterEach(() => p.close());

/** Every row that is not Ana's, as text: erasure must leave it exactly as it was. */
async function othersFingerprint(): Promise<string> {
  const { rows } = await p.sql.query<{ f: string }>(`SELECT concat_ws('|',
      (SELECT md5(string_agg(m::text, ',' ORDER BY id)) FROM platform.messages m WHERE conversation_id NOT LIKE 'conv_000001_%' AND conversation_id <> 'conv_recent'),
      (SELECT md5(string_agg(c::text, ',' ORDER BY id)) FROM platform.conversations c WHERE end_user_id <> 'eu_000001'),
      (SELECT md5(string_agg(u::text, ',' ORDER BY id)) FROM platform.end_user_contacts u WHERE end_user_id <> 'eu_000001'),
      (SELECT md5(string_agg(d::text, ',' ORDER BY id)) FROM platform.knowledge_documents d WHERE id <> 'doc_ana')) AS f`);
  return rows[0]!.f;
}

const byTable = (r: ErasureReport) => Object.fromEntries(r.tables.map((t) => [t.table, { matched: t.matched, erased: t.erased, pseudonymised: t.pseudonymised, kept: t.kept }]));

test('erasure changes exactly the unheld records of the subject, keeps held and required ones, and says so', async () => {
  await holds.placeConversationHold({ conversationId: 'conv_000001_002', reason: 'Litigation 2026-17', placedBySlackId: 'U0COMPLY01', requestId: 'hold-1' });
  const others = await othersFingerprint();

  const report = await eraseSubject(p.sources, p.map, ANA, { holds: await holds.current(), pseudonymKey: key, now: NOW });

  expect(byTable(report)).toMatchObject({
    // 18 seeded lines + 2 recent; 6 in the held conversation; 2 from yesterday.
    'platform.messages': { matched: 20, erased: 12, kept: { legalHold: 6, retention: 2, strategy: 0 } },
    'platform.conversations': { matched: 4, erased: 2, kept: { legalHold: 1, retention: 1, strategy: 0 } },
    // Kept while held records remain: it is what finds them by email.
    'platform.end_user_contacts': { matched: 1, erased: 0, kept: { legalHold: 1, retention: 0, strategy: 0 } },
    'platform.knowledge_documents': { matched: 1, erased: 0, pseudonymised: 1 },
    'warden.members': { matched: 1, erased: 0, kept: { legalHold: 0, retention: 0, strategy: 1 } },
  });
  expect(report.subjectPseudonym).toBe(subjectPseudonym(ANA, key));
  expect(JSON.stringify(report)).not.toContain('ana.lima1');
  expect(report.tables.find((t) => t.table === 'warden.members')?.note).toMatch(/access records/);

  // The database agrees with the report.
  expect(await count(p.sql, `SELECT 1 FROM platform.messages WHERE conversation_id LIKE 'conv_000001_%' OR conversation_id = 'conv_recent'`)).toBe(8);
  expect(await count(p.sql, `SELECT 1 FROM platform.messages WHERE conversation_id = 'conv_000001_002'`)).toBe(6);
  expect(await count(p.sql, `SELECT 1 FROM platform.conversations WHERE end_user_id = 'eu_000001'`)).toBe(2);
  expect(await count(p.sql, `SELECT 1 FROM platform.end_user_contacts WHERE end_user_id = 'eu_000001'`)).toBe(1);
  const { rows: docs } = await p.sql.query(`SELECT uploaded_by_email, title FROM platform.knowledge_documents WHERE id = 'doc_ana'`);
  expect(docs).toEqual([{ uploaded_by_email: report.subjectPseudonym, title: 'My CV' }]);
  expect(await othersFingerprint()).toBe(others);

  // Run twice: nothing more changes, and the report says nothing was erased.
  const again = await eraseSubject(p.sources, p.map, ANA, { holds: await holds.current(), pseudonymKey: key, now: NOW });
  expect(again.totals).toMatchObject({ erased: 0, nulled: 0, pseudonymised: 0 });
  expect(byTable(again)['platform.messages']).toMatchObject({ matched: 8, kept: { legalHold: 6, retention: 2 } });
  expect(await othersFingerprint()).toBe(others);

  // Once the hold is lifted and the recent records age past their minimum retention, all of it goes.
  await holds.lift({ holdId: (await holds.list())[0]!.id, liftedBySlackId: 'U0COMPLY01', reason: 'Settled', requestId: 'lift-0' });
  const later = new Date(NOW.getTime() + 30 * 86_400_000);
  const last = await eraseSubject(p.sources, p.map, ANA, { holds: await holds.current(), pseudonymKey: key, now: later });
  expect(byTable(last)).toMatchObject({ 'platform.messages': { erased: 8 }, 'platform.conversations': { erased: 2 }, 'platform.end_user_contacts': { erased: 1 } });
  expect(await count(p.sql, `SELECT 1 FROM platform.end_user_contacts WHERE end_user_id = 'eu_000001'`)).toBe(0);
  expect(await othersFingerprint()).toBe(others);
});

test('a record that kept records still point at is kept too, and said so, rather than failing the erasure', async () => {
  // A conversation past its minimum retention by the map's clock, with a line from yesterday the retention keeps:
  // deleting the conversation would break that line (and trips the platform's foreign key).
  await p.sql.query(`INSERT INTO platform.conversations VALUES ('conv_long', 'agent_1', 'eu_000001', 'Long-running', $1::timestamptz - interval '90 days', $1::timestamptz - interval '60 days')`, [NOW]);
  await p.sql.query(`INSERT INTO platform.messages VALUES (900101, 'conv_long', 'user', 'eu_000001', 'ana.lima1@example.com', 'still here', $1::timestamptz - interval '1 day')`, [NOW]);
  const others = await othersFingerprint();

  const report = await eraseSubject(p.sources, p.map, ANA, { holds: await holds.current(), pseudonymKey: key, now: NOW });
  expect(byTable(report)['platform.conversations']).toMatchObject({ kept: { legalHold: 0, retention: 1, strategy: 0, referenced: 1 } });
  expect(await count(p.sql, `SELECT 1 FROM platform.conversations WHERE id = 'conv_long'`)).toBe(1);
  expect(await count(p.sql, `SELECT 1 FROM platform.messages WHERE id = 900101`)).toBe(1);
  expect(erasureReportText(report)).toContain('1 kept: kept records still point at them');
  expect(await othersFingerprint()).toBe(others);

  // Once that line ages out, a later run takes the conversation with it.
  const later = await eraseSubject(p.sources, p.map, ANA, { holds: await holds.current(), pseudonymKey: key, now: new Date(NOW.getTime() + 30 * 86_400_000) });
  expect(byTable(later)['platform.conversations']).toMatchObject({ kept: { referenced: 0 } });
  expect(await count(p.sql, `SELECT 1 FROM platform.conversations WHERE id = 'conv_long'`)).toBe(0);
});

test('a dry run counts what erasure would do and changes nothing', async () => {
  const report = await eraseSubject(p.sources, p.map, ANA, { holds: await holds.current(), pseudonymKey: key, now: NOW, dryRun: true });
  expect(byTable(report)['platform.messages']).toMatchObject({ matched: 20, erased: 18, kept: { retention: 2 } });
  expect(await count(p.sql, `SELECT 1 FROM platform.messages WHERE conversation_id LIKE 'conv_000001_%'`)).toBe(18);
});

test('a hold on the subject, placed by one identifier, keeps everything found by any other', async () => {
  const placed = await holds.placeSubjectHold({ subject: { kind: 'end_user_id', value: 'eu_000001' }, reason: 'Regulator inquiry', placedBySlackId: 'U0COMPLY01', requestId: 'hold-2' });
  expect(placed.placed).toBe(true);
  expect(await holds.isHeld({ subject: ANA })).toBe(true);

  const report = await eraseSubject(p.sources, p.map, ANA, { holds: await holds.current(), pseudonymKey: key, now: NOW });
  expect(report.subjectHeld).toBe(true);
  expect(report.totals).toMatchObject({ erased: 0, nulled: 0, pseudonymised: 0 });
  expect(byTable(report)['platform.messages']).toMatchObject({ matched: 20, kept: { legalHold: 20 } });
  expect(await count(p.sql, `SELECT 1 FROM platform.messages WHERE conversation_id LIKE 'conv_000001_%'`)).toBe(18);

  // Placing it again (a retried request) finds the first hold; lifting it lets erasure through, and both are audited.
  expect((await holds.placeSubjectHold({ subject: ANA, reason: 'again', placedBySlackId: 'U0COMPLY01', requestId: 'hold-3' })).placed).toBe(false);
  await holds.lift({ holdId: placed.hold.id, liftedBySlackId: 'U0COMPLY02', reason: 'Inquiry closed', requestId: 'lift-1' });
  expect(await holds.isHeld({ subject: ANA })).toBe(false);
  const events = await p.db.prisma.auditEvent.findMany({ where: { action: { startsWith: 'legal_hold.' } }, orderBy: { seq: 'asc' } });
  expect(events.map((e) => [e.action, e.actor, e.target])).toEqual([
    ['legal_hold.placed', 'U0COMPLY01', placed.hold.subjectPseudonym],
    ['legal_hold.lifted', 'U0COMPLY02', placed.hold.subjectPseudonym],
  ]);
  expect(JSON.stringify(events.map(({ seq: _seq, ...e }) => e))).not.toContain('ana.lima1');
  const after = await eraseSubject(p.sources, p.map, ANA, { holds: await holds.current(), pseudonymKey: key, now: NOW });
  expect(after.totals.erased).toBeGreaterThan(0);
});
