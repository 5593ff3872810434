import type { FieldDef } from 'pg';
import { columnEncoders, copyTextFields, TIMESTAMPS } from './json-line-encoder';

// COPY's text output turned into JSON Lines byte by byte, without making a JS string per row or per field.
// Building strings (decode, split, regex, JSON.stringify, concatenate, encode again) was the export's whole
// cost; the bytes of COPY's text form and of JSON are nearly the same, so most of a row is copied as it is.
// The result is byte-identical to jsonLine(copyTextFields(line)) from json-line-encoder.ts, which stays the
// reference and handles whatever this scanner does not expect (it falls back to it per field).

const TAB = 0x09;
const NL = 0x0a;
const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const NUMBERS = new Set([20, 21, 23, 26, 700, 701, 1700]); // int8, int2, int4, oid, float4, float8, numeric
const JSON_TYPES = new Set([114, 3802]); // json, jsonb
const BOOL = 16;

const enum Kind {
  Text,
  Number,
  Json,
  Bool,
  Timestamp,
}

// The escapes COPY TO writes for text (\b \f \n \r \t \\) are JSON's own, so they are copied unchanged; \v is
// not JSON and becomes \u000b, as JSON.stringify writes it.
const SAME_IN_JSON = new Uint8Array(256);
for (const c of 'bfnrt\\') SAME_IN_JSON[c.charCodeAt(0)] = 1;
// What an escape means, for json columns, whose text is written out unescaped.
const UNESCAPED = new Uint8Array(256);
for (const [c, v] of Object.entries({ b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92 })) UNESCAPED[c.charCodeAt(0)] = v;
const HEX = '0123456789abcdef';

/** A growable output buffer, handed out in blocks so the caller can write and hash them while we go on. */
class ByteSink {
  buf = Buffer.allocUnsafe(1 << 20);
  pos = 0;

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }

  /** Byte by byte: keys and literals are a few bytes long, where Buffer.copy's native call costs more. */
  put(bytes: Uint8Array, from = 0, to = bytes.length): void {
    this.ensure(to - from);
    const buf = this.buf;
    let p = this.pos;
    for (let i = from; i < to; i++) buf[p++] = bytes[i]!;
    this.pos = p;
  }

  take(): Buffer {
    const out = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(this.buf.length);
    this.pos = 0;
    return out;
  }
}

/** Turns COPY TO STDOUT text chunks (split anywhere) of one table into JSON Lines bytes. */
export class CopyTextToJsonLines {
  private readonly prefix: Buffer;
  private readonly keys: Buffer[];
  private readonly kinds: Kind[];
  private readonly fallback: ReturnType<typeof columnEncoders>;
  private readonly sink = new ByteSink();
  private carry: Buffer | null = null;
  records = 0;

  constructor(tableId: string, fields: FieldDef[]) {
    this.prefix = Buffer.from(`{"_table":${JSON.stringify(tableId)}`);
    this.keys = fields.map((f) => Buffer.from(`,${JSON.stringify(f.name)}:`));
    this.kinds = fields.map((f) => kindOf(f.dataTypeID));
    this.fallback = columnEncoders(fields);
  }

  /** Reads every complete line of the chunk; the rest waits for the next one. */
  push(chunk: Buffer): void {
    let data = chunk;
    if (this.carry) {
      data = Buffer.concat([this.carry, chunk]);
      this.carry = null;
    }
    const last = data.lastIndexOf(NL);
    if (last < 0) {
      this.carry = Buffer.from(data);
      return;
    }
    let start = 0;
    while (start <= last) {
      const end = data.indexOf(NL, start);
      this.row(data, start, end);
      start = end + 1;
    }
    // Copied: pg-copy-streams may reuse the chunk's memory.
    if (start < data.length) this.carry = Buffer.from(data.subarray(start));
  }

  /** The JSON bytes made so far (call when they are worth writing, and at the end). */
  get pending(): number {
    return this.sink.pos;
  }

  take(): Buffer {
    return this.sink.take();
  }

  /** The last JSON bytes, once COPY's output has ended. */
  finish(): Buffer {
    if (this.carry) throw new Error('COPY output ended inside a row');
    return this.sink.take();
  }

  private row(data: Buffer, start: number, end: number): void {
    const sink = this.sink;
    sink.put(this.prefix);
    let s = start;
    for (let i = 0; i < this.keys.length; i++) {
      sink.put(this.keys[i]!);
      s = this.field(data, s, end, i) + 1;
    }
    sink.ensure(2);
    sink.buf[sink.pos++] = 0x7d; // }
    sink.buf[sink.pos++] = NL;
    this.records++;
  }

  /**
   * Writes field i, which starts at s, and answers where it ends (its tab, or the row's end). The scanners find
   * the end themselves as they copy, rather than an indexOf per field first: raw tabs never occur inside a field.
   */
  private field(data: Buffer, s: number, rowEnd: number, i: number): number {
    // A row with fewer columns than expected (never from COPY) goes the reference way, like odd escapes.
    if (s > rowEnd) return this.slowField(data, s, rowEnd, i);
    if (data[s] === BACKSLASH && data[s + 1] === 0x4e && (s + 2 === rowEnd || data[s + 2] === TAB)) {
      this.sink.put(NULL_BYTES);
      return s + 2;
    }
    const kind = this.kinds[i];
    const e =
      kind === Kind.Text
        ? this.text(data, s, rowEnd)
        : kind === Kind.Number
          ? this.number(data, s, rowEnd)
          : kind === Kind.Json
            ? this.json(data, s, rowEnd)
            : kind === Kind.Timestamp
              ? this.timestamp(data, s, rowEnd)
              : this.bool(data, s, rowEnd);
    return e >= 0 ? e : this.slowField(data, s, rowEnd, i);
  }

  /** A JSON string; -1 (nothing written) on an escape COPY TO does not write. */
  private text(data: Buffer, s: number, rowEnd: number): number {
    const sink = this.sink;
    sink.ensure((rowEnd - s) * 6 + 2);
    const buf = sink.buf;
    let p = sink.pos;
    buf[p++] = QUOTE;
    let j = s;
    for (; j < rowEnd; j++) {
      const c = data[j]!;
      if (c === BACKSLASH) {
        const n = data[j + 1]!;
        if (j + 1 < rowEnd && SAME_IN_JSON[n]) {
          buf[p++] = BACKSLASH;
          buf[p++] = n;
          j++;
        } else if (j + 1 < rowEnd && n === 0x76) {
          p = unicodeEscape(buf, p, 11);
          j++;
        } else return -1;
      } else if (c === QUOTE) {
        buf[p++] = BACKSLASH;
        buf[p++] = QUOTE;
      } else if (c < 0x20) {
        if (c === TAB) break;
        // COPY writes these raw; JSON.stringify escapes them.
        if (c === 8 || c === 12 || c === 13) {
          buf[p++] = BACKSLASH;
          buf[p++] = c === 8 ? 0x62 : c === 12 ? 0x66 : 0x72;
        } else p = unicodeEscape(buf, p, c);
      } else buf[p++] = c;
    }
    buf[p++] = QUOTE;
    sink.pos = p;
    return j;
  }

  /** A plain decimal number as it is; NaN, Infinity and the like go the reference way, as strings. */
  private number(data: Buffer, s: number, rowEnd: number): number {
    let j = s;
    if (data[j] === 0x2d) j++;
    let k = digitsEnd(data, j, rowEnd);
    if (k === j) return -1;
    if (k < rowEnd && data[k] === 0x2e) {
      const f = digitsEnd(data, k + 1, rowEnd);
      if (f === k + 1) return -1;
      k = f;
    }
    if (k < rowEnd && (data[k] === 0x65 || data[k] === 0x45)) {
      let x = k + 1;
      if (data[x] === 0x2b || data[x] === 0x2d) x++;
      const f = digitsEnd(data, x, rowEnd);
      if (f === x) return -1;
      k = f;
    }
    if (k !== rowEnd && data[k] !== TAB) return -1;
    this.sink.put(data, s, k);
    return k;
  }

  /** json/jsonb text is JSON already: only COPY's escaping is undone. */
  private json(data: Buffer, s: number, rowEnd: number): number {
    const sink = this.sink;
    sink.ensure(rowEnd - s);
    const buf = sink.buf;
    let p = sink.pos;
    let j = s;
    for (; j < rowEnd; j++) {
      const c = data[j]!;
      if (c === TAB) break;
      if (c !== BACKSLASH) buf[p++] = c;
      else if (j + 1 < rowEnd && UNESCAPED[data[j + 1]!]) buf[p++] = UNESCAPED[data[++j]!]!;
      else return -1;
    }
    sink.pos = p;
    return j;
  }

  /**
   * A timestamp as isoTimestamp writes it: the first space becomes T, an hour-only offset gets :00. Its text
   * is digits and punctuation; anything else (an escape, a quote) goes the reference way.
   */
  private timestamp(data: Buffer, s: number, rowEnd: number): number {
    const sink = this.sink;
    sink.ensure(rowEnd - s + 5);
    const buf = sink.buf;
    let p = sink.pos;
    buf[p++] = QUOTE;
    let joined = false;
    let j = s;
    for (; j < rowEnd; j++) {
      const c = data[j]!;
      if (c === TAB) break;
      if (c === BACKSLASH || c === QUOTE || c < 0x20 || c > 0x7e) return -1;
      if (c === 0x20 && !joined) {
        buf[p++] = 0x54; // T
        joined = true;
      } else buf[p++] = c;
    }
    if (j - s >= 3 && (data[j - 3] === 0x2b || data[j - 3] === 0x2d) && isDigit(data[j - 2]!) && isDigit(data[j - 1]!)) {
      buf[p++] = 0x3a; // :
      buf[p++] = 0x30;
      buf[p++] = 0x30;
    }
    buf[p++] = QUOTE;
    sink.pos = p;
    return j;
  }

  /** COPY writes booleans as t or f. */
  private bool(data: Buffer, s: number, rowEnd: number): number {
    if (s + 1 !== rowEnd && data[s + 1] !== TAB) return -1;
    this.sink.put(data[s] === 0x74 ? TRUE_BYTES : FALSE_BYTES);
    return s + 1;
  }

  /** The reference encoder for one field; answers where the field ends. */
  private slowField(data: Buffer, s: number, rowEnd: number, i: number): number {
    let e = s > rowEnd ? s : data.indexOf(TAB, s);
    if (e < 0 || e > rowEnd) e = rowEnd;
    const v = s > rowEnd ? undefined : copyTextFields(data.toString('utf8', s, e))[0];
    this.sink.put(Buffer.from(v === null || v === undefined ? 'null' : this.fallback[i]!(v)));
    return e;
  }
}

const NULL_BYTES = Buffer.from('null');
const TRUE_BYTES = Buffer.from('true');
const FALSE_BYTES = Buffer.from('false');

function kindOf(type: number): Kind {
  if (NUMBERS.has(type)) return Kind.Number;
  if (JSON_TYPES.has(type)) return Kind.Json;
  if (type === BOOL) return Kind.Bool;
  if (TIMESTAMPS.has(type)) return Kind.Timestamp;
  return Kind.Text;
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/** Where the run of ASCII digits starting at `from` ends. */
function digitsEnd(data: Buffer, from: number, e: number): number {
  let k = from;
  while (k < e && data[k]! >= 0x30 && data[k]! <= 0x39) k++;
  return k;
}

function unicodeEscape(buf: Buffer, p: number, c: number): number {
  buf[p++] = BACKSLASH;
  buf[p++] = 0x75; // u
  buf[p++] = 0x30;
  buf[p++] = 0x30;
  buf[p++] = HEX.charCodeAt(c >> 4);
  buf[p++] = HEX.charCodeAt(c & 15);
  return p;
}
