// The data map is checked at start-up; a mistake names the file, line and field (issue 10).
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, ConfigError } from '../../../lib/config';
import { DataMapError, loadDataMap, parseDataMap, parseSubject } from '../../../lib/data-rights';

const DEFAULT_MAP = path.resolve(__dirname, '../../../config/data-map.yaml');

const VALID = `version: 1
sources:
  platform: { url_env: PLATFORM_DATABASE_URL, fallback_url_env: DATABASE_URL, schema: platform }
record_types:
  message: { retention: 180d, minimum_retention: 14d }
  conversation: { retention: 1y }
tables:
  - source: platform
    table: messages
    record_type: message
    primary_key: id
    created_at: created_at
    subject: { email: email, end_user_id: end_user_id }
    relations:
      - { column: conversation_id, references: conversations.id }
    personal_data: [email, text]
    erasure:
      columns: { email: pseudonymise, text: set_null }
  - source: platform
    table: conversations
    record_type: conversation
    primary_key: id
    created_at: started_at
    subject: { end_user_id: end_user_id }
    erasure: delete_row
`;

function problemsOf(text: string) {
  try {
    parseDataMap(text, 'map.yaml');
  } catch (err) {
    if (err instanceof DataMapError) return { message: err.message, problems: err.problems.map((p) => `${p.line}:${p.column} ${p.field}: ${p.message}`) };
    throw err;
  }
  throw new Error('the map was accepted');
}

test('the shipped data map is valid and covers the platform and Warden tables', () => {
  const map = loadDataMap(DEFAULT_MAP);
  expect(map.tables.map((t) => t.id)).toEqual(
    expect.arrayContaining(['platform.messages', 'platform.conversations', 'platform.end_user_contacts', 'platform.knowledge_documents', 'warden.members', 'warden.role_grants', 'warden.audit_events']),
  );
  expect(map.tables.find((t) => t.id === 'warden.audit_events')?.erasure).toEqual({ kind: 'keep' });
  expect(map.recordTypes.message).toEqual({ name: 'message', retentionMs: 180 * 86_400_000, minimumRetentionMs: 14 * 86_400_000 });
});

test('a valid map is read into tables with their strategies and relations', () => {
  const map = parseDataMap(VALID, 'map.yaml');
  expect(map.tables[0]).toMatchObject({
    id: 'platform.messages',
    schema: 'platform',
    relations: [{ column: 'conversation_id', table: 'conversations', references: 'id' }],
    erasure: { kind: 'columns', columns: { email: 'pseudonymise', text: 'set_null' } },
  });
  expect(map.recordTypes.conversation!.retentionMs).toBe(365 * 86_400_000);
});

test('an unknown erasure strategy is named with its line and field', () => {
  const { message, problems } = problemsOf(VALID.replace('text: set_null', 'text: shred'));
  expect(problems).toEqual(['18:39 tables[0].erasure.columns.text: must be one of set_null, pseudonymise, keep']);
  expect(message).toContain('map.yaml:18:39 tables[0].erasure.columns.text');
});

test('a bad period, a missing field and an unknown field are each named', () => {
  const text = VALID.replace('retention: 180d', 'retention: 6 months').replace('    primary_key: id\n    created_at: started_at\n', '    created_at: started_at\n    colour: blue\n');
  expect(problemsOf(text).problems).toEqual([
    "5:14 record_types.message.retention: must be a period like 30d, 12w, 2y, or 'none'",
    // A missing field is reported where its table starts.
    '19:5 tables[1].primary_key: is required',
    '23:5 tables[1].colour: unknown field colour',
  ]);
});

test('references to things the map does not declare are named', () => {
  const text = VALID.replace('record_type: message', 'record_type: mesage').replace('conversations.id', 'chats.id').replace('personal_data: [email, text]', 'personal_data: [email, text, phone]');
  expect(problemsOf(text).problems).toEqual([
    '10:5 tables[0].record_type: no record type named mesage under record_types',
    '15:36 tables[0].relations[0].references: no table chats in source platform in this map',
    '18:7 tables[0].erasure.columns: personal-data column phone has no strategy (set_null, pseudonymise or keep)',
  ]);
});

test('a YAML syntax error is named with its line', () => {
  expect(problemsOf('version: 1\nsources: {\n').problems[0]).toMatch(/^\d+:\d+ \(yaml\): /);
});

test('an invalid data map stops start-up with a message naming the line and field', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'data-map-'));
  const file = path.join(dir, 'bad.yaml');
  writeFileSync(file, VALID.replace('erasure: delete_row', 'erasure: burn'));
  const env = { DATABASE_URL: 'postgresql://x@127.0.0.1/x', WARDEN_MASTER_KEY: Buffer.alloc(32, 1).toString('base64'), WARDEN_SERVICE_TOKEN: 'x'.repeat(32), WARDEN_DATA_MAP: file };
  expect(() => loadConfig(env)).toThrow(ConfigError);
  expect(() => loadConfig(env)).toThrow(`WARDEN_DATA_MAP ${file}:25:5 tables[1].erasure: must be delete_row, keep, or { columns: { <column>: set_null | pseudonymise | keep } }; got "burn"`);
  expect(loadConfig({ ...env, WARDEN_DATA_MAP: DEFAULT_MAP }).dataRights.dataMap.tables.length).toBeGreaterThan(4);
});

test.each([
  ['Ana.Lima@Example.com', { kind: 'email', value: 'ana.lima@example.com' }],
  ['<@U0ABC12345|ana>', { kind: 'slack_id', value: 'U0ABC12345' }],
  ['U0ABC12345', { kind: 'slack_id', value: 'U0ABC12345' }],
  ['eu_000001', { kind: 'end_user_id', value: 'eu_000001' }],
  ['end_user_id:U0ABC12345', { kind: 'end_user_id', value: 'U0ABC12345' }],
])('parseSubject(%s)', (text, subject) => {
  expect(parseSubject(text)).toEqual({ ok: true, subject });
});

test('parseSubject refuses what names nobody', () => {
  expect(parseSubject('')).toMatchObject({ ok: false });
  expect(parseSubject('ana@')).toEqual({ ok: false, reason: '"ana@" is not an email address.' });
  expect(parseSubject('drop table; --')).toMatchObject({ ok: false });
});
