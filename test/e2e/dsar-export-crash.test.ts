// An export whose worker is SIGKILLed while it writes the encrypted package: the worker runs in a process of
// its own (as `npm start --parts=worker`); the bot and the HTTP server in this one.
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { Client } from 'pg';
import { BULK_SUBJECT, seedPlatform } from '../../lib/data-rights';
import { COMPLIANCE_CHANNEL, dsarDriver, platformQuery } from '../helpers/dsar-driver';
import { ADMIN, eventually, SECOND_ADMIN, startTestStack, type TestStack } from '../helpers/warden-stack';
import { killHard, processAlive, workerFleet } from '../helpers/worker-process';

let stack: TestStack;
const workers = workerFleet(() => stack);

beforeAll(async () => {
  stack = await startTestStack({
    parts: { worker: false, bot: true, api: true },
    env: { WARDEN_DSAR_CHANNEL: COMPLIANCE_CHANNEL },
    // A subject with enough records that the package takes many chunks: there is time to kill the worker mid-way.
    seed: async ({ db }) => {
      const client = new Client({ connectionString: db.url });
      await client.connect();
      await seedPlatform(client, { endUsers: 4, conversationsPerUser: 2, messagesPerConversation: 4, asOf: new Date(), bulkSubjectMessages: 150_000 }).finally(() => client.end());
    },
  });
}, 240_000);

afterAll(async () => {
  await workers.stopAll();
  await stack?.stop();
});

test('a worker killed while writing the package: the retry leaves one complete package, never a partial one offered', async () => {
  const dsar = dsarDriver(stack);
  let worker = await workers.start();
  const { message } = await dsar.request(ADMIN.id, `export ${BULK_SUBJECT.email} --verified id-document bulk subject asked for everything`);
  const requestId = dsar.workflowIdOf(message);
  expect(await dsar.click(SECOND_ADMIN.id, message, 'approve')).toContain('You approved');

  // Watch the chunk table and kill the worker as soon as the first encrypted chunk is stored.
  const watcher = new Client({ connectionString: stack.db.url });
  await watcher.connect();
  try {
    await eventually(
      'the first chunk of the package',
      async () => Number((await watcher.query('SELECT count(*) AS n FROM dsar_package_chunks')).rows[0].n) > 0 || undefined,
      120_000,
    );
    await killHard(worker);
    expect(processAlive(worker.pid)).toBe(false);
    const partial = await watcher.query('SELECT (SELECT count(*) FROM dsar_packages) AS packages, (SELECT count(DISTINCT chunk_set) FROM dsar_package_chunks) AS sets');
    expect(Number(partial.rows[0].packages)).toBe(0);
    expect(Number(partial.rows[0].sets)).toBe(1);
  } finally {
    await watcher.end();
  }
  expect(dsar.linkDms()).toHaveLength(0);

  worker = await workers.start();
  const path = await dsar.downloadPath(ADMIN.id, 0);
  const got = await dsar.download(path);
  expect(got.status).toBe(200);
  const manifest = JSON.parse(dsar.untar(got.body).get('manifest.json')!.toString()) as { totalRecords: number; tables: Array<{ table: string; records: number }> };
  const [expected] = await platformQuery<{ n: string }>(stack, 'SELECT count(*) AS n FROM platform.messages WHERE end_user_id = $1 OR email = $2 OR conversation_id IN (SELECT id FROM platform.conversations WHERE end_user_id = $1)', [BULK_SUBJECT.endUserId, BULK_SUBJECT.email]);
  expect(manifest.tables.find((t) => t.table === 'platform.messages')?.records).toBe(Number(expected!.n));

  // One package, made of one chunk set: the killed attempt's chunks were discarded, nothing was built twice.
  const packages = await platformQuery<{ id: string; chunk_set: string; chunk_count: number }>(stack, 'SELECT id, chunk_set, chunk_count FROM dsar_packages');
  expect(packages).toHaveLength(1);
  expect(packages[0]!.id).toBe(`dsar-package:${requestId}`);
  const sets = await platformQuery<{ chunk_set: string; n: string }>(stack, 'SELECT chunk_set, count(*) AS n FROM dsar_package_chunks GROUP BY chunk_set');
  expect(sets).toEqual([{ chunk_set: packages[0]!.chunk_set, n: String(packages[0]!.chunk_count) }]);
  expect(await stack.warden.services.audit.list({ action: 'dsar.export.packaged' })).toHaveLength(1);
  expect(dsar.linkDms()).toHaveLength(1);
  // The killed attempt's plaintext export folder was removed by the retry, and the retry removed its own.
  const prefix = `warden-dsar-${createHash('sha256').update(packages[0]!.id).digest('hex').slice(0, 16)}-`;
  expect((await readdir(tmpdir())).filter((f) => f.startsWith(prefix))).toEqual([]);
  await eventually('the request to be fulfilled', async () => ((await stack.warden.services.dsar.requests.get(requestId))?.status === 'fulfilled' ? true : undefined), 60_000);
}, 300_000);
