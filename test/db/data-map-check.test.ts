// The data map is checked against the databases it describes when Warden starts: a column or table it names
// that is not there, or a pseudonymised column that cannot hold a pseudonym, stops the start with the place
// in the map; a database that does not answer only warns.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { checkDataMap, openPlatformSources, type DataMap } from '../../lib/data-rights';
import { createSamplePlatform, DEFAULT_MAP_FILE, type SamplePlatform } from '../helpers/sample-platform';

const ROOT = path.resolve(__dirname, '../..');
let p: SamplePlatform;
beforeAll(async () => {
  p = await createSamplePlatform({ endUsers: 2 });
});
afterAll(() => p.close());

/** The shipped map with one table's entry changed. */
function withTable(id: string, change: (t: DataMap['tables'][number]) => DataMap['tables'][number]): DataMap {
  return { ...p.map, tables: p.map.tables.map((t) => (t.id === id ? change(t) : t)) };
}

test('the shipped map matches the sample platform and Warden’s own tables', async () => {
  await expect(checkDataMap(p.map, p.sources)).resolves.toEqual({ problems: [], unreachable: [] });
});

test('a missing column, a missing table and a pseudonymised number are each named with their place in the map', async () => {
  let map = withTable('platform.messages', (t) => ({ ...t, subject: { ...t.subject, email: 'emial' } }));
  map = { ...map, tables: map.tables.map((t) => (t.id === 'platform.knowledge_documents' ? { ...t, erasure: { kind: 'columns', columns: { ...(t.erasure.kind === 'columns' ? t.erasure.columns : {}), bytes: 'pseudonymise' } } } : t)) } as DataMap;
  map = { ...map, tables: [...map.tables, { ...map.tables[0]!, id: 'platform.transcripts', table: 'transcripts', relations: [] }] };
  const { problems, unreachable } = await checkDataMap(map, p.sources);
  expect(unreachable).toEqual([]);
  const at = (id: string) => map.tables.findIndex((t) => t.id === id);
  expect(problems).toEqual([
    `${map.file}: tables[${at('platform.messages')}] (platform.messages).subject.email: platform.messages has no column emial`,
    `${map.file}: tables[${at('platform.knowledge_documents')}] (platform.knowledge_documents).erasure.columns.bytes: pseudonymise needs a text column; bytes is integer (use set_null, or keep)`,
    `${map.file}: tables[${map.tables.length - 1}] (platform.transcripts): source platform has no table platform.transcripts`,
  ]);
});

test('a database that does not answer is reported as unreachable, not as a mistake in the map', async () => {
  const sources = openPlatformSources(p.map, { DATABASE_URL: 'postgresql://warden@127.0.0.1:1/nowhere' });
  try {
    const { problems, unreachable } = await checkDataMap(p.map, sources);
    expect(problems).toEqual([]);
    expect(unreachable.map((u) => u.source).sort()).toEqual([...new Set(p.map.tables.map((t) => t.source))].sort());
  } finally {
    await sources.close();
  }
});

test('npm start refuses a map that names a column its database lacks, and says where', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'warden-map-'));
  try {
    const file = path.join(dir, 'data-map.yaml');
    const shipped = await readFile(DEFAULT_MAP_FILE, 'utf8');
    const broken = shipped.replace('subject: { end_user_id: end_user_id, email: email }', 'subject: { end_user_id: end_user_id, email: emial }');
    expect(broken).not.toBe(shipped);
    await writeFile(file, broken);
    const child = spawn(process.execPath, ['--import', 'tsx', 'runtime/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH!, HOME: process.env.HOME!, DATABASE_URL: p.db.url, WARDEN_MASTER_KEY: randomBytes(32).toString('base64'), WARDEN_DATA_MAP: file, TEMPORAL_ADDRESS: '127.0.0.1:1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect({ code, output }).toEqual({ code: 2, output: expect.stringContaining(`WARDEN_DATA_MAP ${file}: tables[0] (platform.messages).subject.email: platform.messages has no column emial`) });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 60_000);
