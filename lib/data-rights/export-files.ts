import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { types as pgTypes } from 'pg';
import QueryStream from 'pg-query-stream';
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
const CURSOR_BATCH = 1000;
const CHUNK_CHARS = 256 * 1024;
// Timestamps, dates, bigints and numerics are exported as PostgreSQL prints them: exact, and cheaper than
// building a Date or a lossy Number for every row.
const AS_TEXT = new Set([20, 1082, 1114, 1184, 1700]);
const exportTypes = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') => (AS_TEXT.has(oid) ? (v: string) => v : pgTypes.getTypeParser(oid, format ?? 'text')),
};

/**
 * Writes every record of the subject across the data map into `dir`: one `<record type>.jsonl` per record
 * type (each line a row, with `_table` naming where it came from), `summary.csv`, and `manifest.json` with
 * counts and the SHA-256 of each file. Files are written here and nowhere else; packaging and encryption
 * are the caller's.
 */
export async function writeExportFiles(sources: PlatformSources, map: DataMap, subject: SubjectRef, dir: string, now = new Date()): Promise<ExportManifest> {
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
      const n = await streamTable(sources, map, t, identifiers, out);
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

async function streamTable(sources: PlatformSources, map: DataMap, t: TableSpec, ids: Identifiers, out: HashingFile): Promise<number> {
  const params = new Params();
  const condition = subjectCondition(map, t, ids, params, 't');
  if (condition === 'false') return 0;
  const client = await sources.pool(t.source).connect();
  let records = 0;
  try {
    const stream = client.query(new QueryStream(`SELECT t.* FROM ${tableRef(t)} t WHERE ${condition}`, params.values, { batchSize: CURSOR_BATCH, types: exportTypes }));
    const prefix = `{"_table":${JSON.stringify(t.id)},`;
    let chunk = '';
    for await (const row of stream as AsyncIterable<Record<string, unknown>>) {
      const json = JSON.stringify(row, bufferAsBase64);
      chunk += json.length > 2 ? `${prefix}${json.slice(1)}\n` : `${prefix.slice(0, -1)}}\n`;
      records++;
      if (chunk.length >= CHUNK_CHARS) {
        await out.write(chunk);
        chunk = '';
      }
    }
    if (chunk) await out.write(chunk);
  } finally {
    client.release();
  }
  return records;
}

function bufferAsBase64(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && (value as { type?: string }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data)) {
    return Buffer.from((value as { data: number[] }).data).toString('base64');
  }
  return value;
}

/** A file written with backpressure, hashed as it is written, so the digest is of exactly the bytes on disk. */
class HashingFile {
  private readonly stream: WriteStream;
  private readonly hash = createHash('sha256');
  private bytes = 0;

  constructor(file: string) {
    this.stream = createWriteStream(file, { flags: 'w', mode: 0o600 });
  }

  async write(text: string): Promise<void> {
    const data = Buffer.from(text, 'utf8');
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
