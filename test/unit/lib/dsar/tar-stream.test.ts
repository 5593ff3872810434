import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tarStream, untar } from '../../../../lib/dsar/tar-stream';

test('files go into a ustar archive byte for byte, and come out the same', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'warden-tar-'));
  try {
    const files = { 'message.jsonl': '{"a":1}\n'.repeat(300), 'summary.csv': 'record_type,table,records,file\n', 'empty.jsonl': '' };
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
    const pieces: Buffer[] = [];
    for await (const p of tarStream(dir, Object.keys(files))) pieces.push(p);
    const archive = Buffer.concat(pieces);
    expect(archive.length % 512).toBe(0);
    const back = untar(archive);
    expect(Object.fromEntries([...back].map(([k, v]) => [k, v.toString()]))).toEqual(files);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
