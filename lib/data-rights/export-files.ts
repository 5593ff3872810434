import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import QueryStream from 'pg-query-stream';
import { CopyTextToJsonLines } from './copy-text-to-json';
import { columnEncoders, jsonKeys, jsonLine } from './json-line-encoder';
import type { DataMap, TableSpec } from './data-map-schema';
import type { PlatformSources } from './platform-sources';
import type { SubjectRef } from './subject';
import { Params, resolveIdentifiers, subjectCondition, tableRef, type Identifiers } from './subject-sql';

export interface ExportFileEntry {
  name: string;
  recordType: string;
  records: number;
  bytes: number;
  sha256: string;
}

export interface ExportManifest {
  format: 'warden-dsar-export/v1';
  subject: SubjectRef;
  /** Every identifier found for the subject, by kind (an email leads to the end-user ids it is linked to). */
  identifiers: Identifiers;
  generatedAt: string;
  dataMap: string;
  totalRecords: number;
  tables: Array<{ table: string; recordType: string; records: number }>;
  /** The JSON Lines files and the CSV summary, with the SHA-256 of the bytes written. */
  files: ExportFileEntry[];
}

// Rows are read a batch at a time through a server-side cursor and written in chunks of this many
// characters, so memory stays flat however many records the subject has.
const CURSOR_BATCH = 5000;
const CHUNK_CHARS = 256 * 1024;
// The COPY path's blocks, in bytes: the hash and the file get one call per megabyte, not per row.
const CHUNK_BYTES = 1024 * 1024;
// Every value arrives as PostgreSQL's text form (timestamps in the sessions' UTC, bytea as \\x hex) and
// json-line-encoder.ts writes it into JSON (the cursor path) or copy-text-to-json.ts copies COPY's bytes into
// JSON (the COPY path, same bytes without making strings); the two paths give the same files.
const ROW_AS_TEXT = { getTypeParser: () => (v: string) => v };

/**
 * Writes every record of the subject across the data map into `dir`: one `<record type>.jsonl` per record
 * type (each line a row, with `_table` naming where it came from), `summary.csv`, and `manifest.json` with
 * counts and the SHA-256 of each file. Files are written here and nowhere else; packaging and encryption
 * are the caller's.
 */
export interface ExportOptions {
  /**
   * How rows leave PostgreSQL. `copy` (default): `COPY (SELECT …) TO STDOUT`, PostgreSQL's fastest way out,
   * streamed with backpressure. `cursor`: a server-side cursor read 5,000 rows at a time. Both stream; neither
   * holds more than a batch in memory; they write the same files.
   */
  via?: 'copy' | 'cursor';
  now?: Date;
}

export async function writeExportFiles(sources: PlatformSources, map: DataMap, subject: SubjectRef, dir: string, opts: ExportOptions = {}): Promise<ExportManifest> {
  const now = opts.now ?? new Date();
  await mkdir(dir, { recursive: true });
  const identifiers = await resolveIdentifiers(sources, map, subject);
  const tables: ExportManifest['tables'] = [];
  const files: ExportFileEntry[] = [];
  const recordTypes = [...new Set(map.tables.map((t) => t.recordType))];
  for (const recordType of recordTypes) {
    const name = `${recordType}.jsonl`;
    const out = new HashingFile(path.join(dir, name));
    let records = 0;
    for (const t of map.tables.filter((x) => x.recordType === recordType)) {
      const n = await streamTable(sources, map, t, identifiers, out, opts.via ?? 'copy');
      tables.push({ table: t.id, recordType, records: n });
      records += n;
    }
    files.push({ name, recordType, records, ...(await out.close()) });
  }
  const summary = csvSummary(tables);
  files.push({ name: 'summary.csv', recordType: 'summary', records: tables.length, bytes: Buffer.byteLength(summary), sha256: sha256(summary) });
  await writeFile(path.join(dir, 'summary.csv'), summary);
  const manifest: ExportManifest = {
    format: 'warden-dsar-export/v1',
    subject,
    identifiers,
    generatedAt: now.toISOString(),
    dataMap: path.basename(map.file),
    totalRecords: tables.reduce((sum, t) => sum + t.records, 0),
    tables,
    files,
  };
  await writeFile(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

async function streamTable(sources: PlatformSources, map: DataMap, t: TableSpec, ids: Identifiers, out: HashingFile, via: 'copy' | 'cursor'): Promise<number> {
  const params = new Params();
  const condition = subjectCondition(map, t, ids, params, 't');
  if (condition === 'false') return 0;
  const client = await sources.pool(t.source).connect();
  try {
    return via === 'copy' ? await copyRows(client, t, condition, params, out) : await cursorRows(client, t, condition, params, out);
  } finally {
    client.release();
  }
}

/**
 * COPY takes no parameters, so the subject's identifiers are written into the statement as literals, escaped
 * by pg's escapeLiteral (they are strings from the request and from linked rows, never SQL).
 */
async function copyRows(client: PoolClient, t: TableSpec, condition: string, params: Params, out: HashingFile): Promise<number> {
  const inlined = condition.replace(/\$(\d+)/g, (_, n: string) => {
    const value = params.values[Number(n) - 1];
    if (!Array.isArray(value)) throw new Error('export conditions take arrays of identifiers only');
    return `ARRAY[${value.map((v) => client.escapeLiteral(String(v))).join(',')}]::text[]`;
  });
  const select = `SELECT t.* FROM ${tableRef(t)} t WHERE ${inlined}`;
  const { fields } = await client.query(`${select} LIMIT 0`);
  const encoder = new CopyTextToJsonLines(t.id, fields);
  const stream = client.query(copyTo(`COPY (${select}) TO STDOUT`));
  // 'data' events rather than an async iterator: a promise per chunk is measurable at a million rows. Blocks
  // are written one after another, the stream paused meanwhile.
  await new Promise<void>((resolve, reject) => {
    let writing: Promise<void> = Promise.resolve();
    stream.on('data', (chunk: Buffer) => {
      encoder.push(chunk);
      if (encoder.pending < CHUNK_BYTES) return;
      const block = encoder.take();
      stream.pause();
      writing = writing.then(() => out.writeBytes(block)).then(
        () => void stream.resume(),
        (err: unknown) => void stream.destroy(err as Error),
      );
    });
    stream.on('end', () => void writing.then(() => out.writeBytes(encoder.finish())).then(resolve, reject));
    stream.on('error', reject);
  });
  return encoder.records;
}

async function cursorRows(client: PoolClient, t: TableSpec, condition: string, params: Params, out: HashingFile): Promise<number> {
  const select = `SELECT t.* FROM ${tableRef(t)} t WHERE ${condition}`;
  const { fields } = await client.query({ text: `${select} LIMIT 0`, values: params.values });
  const keys = jsonKeys(fields);
  const encoders = columnEncoders(fields);
  const prefix = `{"_table":${JSON.stringify(t.id)}`;
  const stream = client.query(new QueryStream(select, params.values, { batchSize: CURSOR_BATCH, highWaterMark: 2 * CURSOR_BATCH, rowMode: 'array', types: ROW_AS_TEXT }));
  let records = 0;
  let chunk = '';
  for await (const row of stream as AsyncIterable<Array<string | null>>) {
    chunk += jsonLine(prefix, keys, encoders, row);
    records++;
    if (chunk.length >= CHUNK_CHARS) {
      await out.write(chunk);
      chunk = '';
    }
  }
  if (chunk) await out.write(chunk);
  return records;
}

/** A file written with backpressure, hashed as it is written, so the digest is of exactly the bytes on disk. */
class HashingFile {
  private readonly stream: WriteStream;
  private readonly hash = createHash('sha256');
  private bytes = 0;

  constructor(file: string) {
    this.stream = createWriteStream(file, { flags: 'w', mode: 0o600 });
  }

  write(text: string): Promise<void> {
    return this.writeBytes(Buffer.from(text, 'utf8'));
  }

  async writeBytes(data: Buffer): Promise<void> {
    this.hash.update(data);
    this.bytes += data.length;
    if (!this.stream.write(data)) await once(this.stream, 'drain');
  }

  async close(): Promise<{ bytes: number; sha256: string }> {
    this.stream.end();
    await once(this.stream, 'finish');
    return { bytes: this.bytes, sha256: this.hash.digest('hex') };
  }
}

function csvSummary(tables: ExportManifest['tables']): string {
  const lines = ['record_type,table,records,file', ...tables.map((t) => [t.recordType, t.table, String(t.records), `${t.recordType}.jsonl`].map(csvField).join(','))];
  return `${lines.join('\n')}\n`;
}

function csvField(value: string): string {
  // A leading =, +, - or @ would run as a formula when the summary is opened in a spreadsheet.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
