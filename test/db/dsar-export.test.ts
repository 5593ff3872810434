// Export of a subject's records from the seeded sample platform and Warden's own tables (issue 10): the
// manifest's counts are the database's, and each SHA-256 is that of the file on disk.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openPlatformSources, writeExportFiles } from '../../lib/data-rights';
import { count, createSamplePlatform, type SamplePlatform } from '../helpers/sample-platform';

let p: SamplePlatform;
let dir: string;

beforeEach(async () => {
  p = await createSamplePlatform();
  dir = await mkdtemp(path.join(os.tmpdir(), 'dsar-export-'));
  // The subject also uploaded a document and is a Warden member who appears in the audit log.
  await p.sql.query(`INSERT INTO platform.knowledge_documents (id, agent_id, title, uploaded_by_email, storage_path, bytes, created_at)
                     VALUES ('doc_ana', 'agent_1', 'My CV', 'ana.lima1@example.com', 's3://x/doc_ana.pdf', 1200, now())`);
  await p.db.prisma.member.create({ data: { slackUserId: 'U0ANA00001', email: 'ana.lima1@example.com', displayName: 'Ana Lima' } });
});
afterEach(async () => {
  await p.close();
  await rm(dir, { recursive: true, force: true });
});

test('the manifest counts every record of the subject, as the database does, with the SHA-256 of each file', async () => {
  const manifest = await writeExportFiles(p.sources, p.map, { kind: 'email', value: 'Ana.Lima1@example.com' }, dir);

  // Counted independently of the data map: the user's own lines, and the agent's replies in their conversations.
  const expected = {
    'platform.messages': await count(p.sql, `SELECT 1 FROM platform.messages m WHERE m.email = 'ana.lima1@example.com' OR m.end_user_id = 'eu_000001'
                                              OR m.conversation_id IN (SELECT id FROM platform.conversations WHERE end_user_id = 'eu_000001')`),
    'platform.conversations': await count(p.sql, `SELECT 1 FROM platform.conversations WHERE end_user_id = 'eu_000001'`),
    'platform.end_user_contacts': 1,
    'platform.knowledge_documents': await count(p.sql, `SELECT 1 FROM platform.knowledge_documents WHERE uploaded_by_email = 'ana.lima1@example.com'`),
    'warden.members': 1,
  };
  expect(expected['platform.messages']).toBe(18);
  expect(expected['platform.knowledge_documents']).toBeGreaterThanOrEqual(1);
  const byTable = Object.fromEntries(manifest.tables.map((t) => [t.table, t.records]));
  expect(byTable).toMatchObject(expected);
  expect(manifest.identifiers).toEqual({ email: ['ana.lima1@example.com'], end_user_id: ['eu_000001'], slack_id: [] });
  expect(manifest.totalRecords).toBe(Object.values(byTable).reduce((a, b) => a + b, 0));

  expect((await readdir(dir)).sort()).toEqual([...manifest.files.map((f) => f.name), 'manifest.json'].sort());
  for (const file of manifest.files) {
    const bytes = await readFile(path.join(dir, file.name));
    expect({ name: file.name, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length }).toEqual({ name: file.name, sha256: file.sha256, bytes: file.bytes });
    if (file.name.endsWith('.jsonl')) expect(bytes.toString('utf8').split('\n').filter(Boolean)).toHaveLength(file.records);
  }
  const onDisk = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8'));
  expect(onDisk.files).toEqual(manifest.files);

  const messages = (await readFile(path.join(dir, 'message.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
  // Nobody else's lines: every message is the subject's own or sits in one of their conversations.
  expect(messages.every((m) => m._table === 'platform.messages' && m.conversation_id.startsWith('conv_000001_'))).toBe(true);
  expect(messages.filter((m) => m.role === 'agent')).toHaveLength(9);
  const summary = await readFile(path.join(dir, 'summary.csv'), 'utf8');
  expect(summary.split('\n')).toContain('message,platform.messages,18,message.jsonl');
});

test('timestamps are exported in ISO 8601 and UTC, whatever time zone the database would print them in', async () => {
  await p.sql.query(`DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET timezone TO %L', current_database(), 'America/New_York'); END $$`);
  const sources = openPlatformSources(p.map, { DATABASE_URL: p.db.url });
  try {
    for (const via of ['copy', 'cursor'] as const) {
      await writeExportFiles(sources, p.map, { kind: 'email', value: 'ana.lima1@example.com' }, path.join(dir, via), { via });
      const messages = (await readFile(path.join(dir, via, 'message.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
      const { rows: stored } = await p.sql.query<{ created_at: Date }>('SELECT created_at FROM platform.messages WHERE id = $1', [messages[0].id]);
      expect(messages[0].created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00$/);
      expect(new Date(messages[0].created_at).getTime()).toBe(stored[0]!.created_at.getTime());
    }
  } finally {
    await sources.close();
  }
});

test('a subject known by a Slack id gets Warden records, and nothing of the platform', async () => {
  const manifest = await writeExportFiles(p.sources, p.map, { kind: 'slack_id', value: 'U0ANA00001' }, dir);
  const byTable = Object.fromEntries(manifest.tables.map((t) => [t.table, t.records]));
  expect(byTable['warden.members']).toBe(1);
  expect(byTable['platform.messages']).toBe(0);
});

test('an unknown subject gets an export with zero records rather than an error', async () => {
  const manifest = await writeExportFiles(p.sources, p.map, { kind: 'email', value: 'nobody@example.com' }, dir);
  expect(manifest.totalRecords).toBe(0);
  expect(manifest.files.find((f) => f.name === 'message.jsonl')).toMatchObject({ records: 0, bytes: 0, sha256: createHash('sha256').digest('hex') });
});

test('COPY and the cursor write the same bytes, and text with quotes, backslashes, newlines and emoji survives exactly', async () => {
  const tricky = 'She said "hi" \\ back\\\\slash\nnew line\ttab – ünïcödé 😀 \\N end\\';
  await p.sql.query(`INSERT INTO platform.messages VALUES (900001, 'conv_000001_001', 'user', 'eu_000001', 'ana.lima1@example.com', $1, now())`, [tricky]);
  const viaCopy = await writeExportFiles(p.sources, p.map, { kind: 'end_user_id', value: 'eu_000001' }, path.join(dir, 'copy'), { via: 'copy', now: new Date(0) });
  const viaCursor = await writeExportFiles(p.sources, p.map, { kind: 'end_user_id', value: 'eu_000001' }, path.join(dir, 'cursor'), { via: 'cursor', now: new Date(0) });
  expect(viaCopy.files).toEqual(viaCursor.files);
  const lines = (await readFile(path.join(dir, 'copy', 'message.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
  expect(lines).toHaveLength(19);
  expect(lines.find((m) => m.id === 900001)?.text).toBe(tricky);
});
