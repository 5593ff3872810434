import type { FieldDef } from 'pg';

// PostgreSQL's text form of a row, written as one JSON object per line. Doing this in Node, from COPY's
// tab-separated output, leaves the server only the work plain COPY does; asking it for row_to_json instead
// more than halves its output rate.

const NUMBERS = new Set([20, 21, 23, 26, 700, 701, 1700]); // int8, int2, int4, oid, float4, float8, numeric
const JSON_TYPES = new Set([114, 3802]); // json, jsonb
const BOOL = 16;
export const TIMESTAMPS = new Set([1114, 1184]); // timestamp, timestamptz
const PLAIN_NUMBER = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;

type Encode = (text: string) => string;

/**
 * A timestamp's text form (`2026-06-01 09:30:00.5+00`, the export's sessions run in UTC) in ISO 8601 as JSON
 * readers expect it (`2026-06-01T09:30:00.5+00:00`): the date and time joined by T, an hour-only offset given
 * its minutes. `infinity` and the like stay as they are.
 */
export function isoTimestamp(text: string): string {
  const joined = text.replace(' ', 'T');
  return /[+-]\d\d$/.test(joined) ? `${joined}:00` : joined;
}

/**
 * How each column's text becomes JSON: numbers and json as they are, booleans as true/false, timestamps in ISO
 * 8601, the rest as strings.
 */
export function columnEncoders(fields: FieldDef[]): Encode[] {
  return fields.map((f) => {
    // NaN and Infinity are numbers to PostgreSQL but not to JSON, so they travel as strings.
    if (NUMBERS.has(f.dataTypeID)) return (v) => (PLAIN_NUMBER.test(v) ? v : JSON.stringify(v));
    if (JSON_TYPES.has(f.dataTypeID)) return (v) => v;
    if (f.dataTypeID === BOOL) return (v) => (v === 't' ? 'true' : 'false');
    if (TIMESTAMPS.has(f.dataTypeID)) return (v) => JSON.stringify(isoTimestamp(v));
    return (v) => JSON.stringify(v);
  });
}

/** `{"_table":"…","col":value,…}` from one row's values as text (null for SQL NULL). */
export function jsonLine(prefix: string, keys: string[], encoders: Encode[], values: Array<string | null>): string {
  let line = prefix;
  for (let i = 0; i < keys.length; i++) {
    const v = values[i];
    line += keys[i]! + (v === null || v === undefined ? 'null' : encoders[i]!(v));
  }
  return `${line}}\n`;
}

/** The JSON keys, each with the comma before it, so a line is built by concatenation alone. */
export function jsonKeys(fields: FieldDef[]): string[] {
  return fields.map((f) => `,${JSON.stringify(f.name)}:`);
}

const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/** One line of COPY's text format: fields split on tabs, \N as NULL, backslash escapes undone. */
export function copyTextFields(line: string): Array<string | null> {
  const raw = line.split('\t');
  const values: Array<string | null> = new Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i]!;
    if (v === '\\N') values[i] = null;
    else if (!v.includes('\\')) values[i] = v;
    else values[i] = v.replace(/\\([0-7]{1,3}|x[0-9A-Fa-f]{1,2}|.)/g, (_, e: string) => {
      if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
      if (e[0] === 'x' && e.length > 1) return String.fromCharCode(parseInt(e.slice(1), 16));
      return ESCAPES[e] ?? e;
    });
  }
  return values;
}
