// The byte scanner the export uses must write exactly what the string-based reference encoder writes, for
// every kind of column and however COPY's output is cut into chunks.
import { CopyTextToJsonLines } from '../../../lib/data-rights/copy-text-to-json';
import { columnEncoders, copyTextFields, jsonKeys, jsonLine } from '../../../lib/data-rights/json-line-encoder';

const field = (name: string, dataTypeID: number) => ({ name, dataTypeID, tableID: 0, columnID: 0, dataTypeSize: 0, dataTypeModifier: 0, format: 'text' as const });
const fields = [field('id', 20), field('ok', 16), field('price', 1700), field('meta', 3802), field('body', 25), field('score', 701), field('at', 1184)];

/** A value as COPY TO writes it in text format. */
function copyEscape(v: string | null): string {
  if (v === null) return '\\N';
  const map: Record<string, string> = { '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };
  return v.replace(/[\\\b\f\n\r\t\v]/g, (c) => map[c]!);
}

function reference(lines: string[]): string {
  return lines.map((l) => jsonLine('{"_table":"t"', jsonKeys(fields), columnEncoders(fields), copyTextFields(l))).join('');
}

function scanned(bytes: Buffer, cuts: number[]): string {
  const enc = new CopyTextToJsonLines('t', fields);
  let from = 0;
  const out: Buffer[] = [];
  for (const cut of [...cuts, bytes.length]) {
    enc.push(Buffer.from(bytes.subarray(from, cut)));
    if (enc.pending > 100) out.push(enc.take());
    from = cut;
  }
  out.push(enc.finish());
  return Buffer.concat(out).toString('utf8');
}

const rows: Array<Array<string | null>> = [
  ['1', 't', '49.99', '{"a": [1], "s": "x\\"y\\\\z\\n"}', 'Zoë "Z" \\ back\nline\ttab\r\b\f\v end', 'NaN', '2026-01-01 00:00:00+00'],
  ['-2', 'f', '1e5', null, null, '-Infinity', null],
  ['3', 't', '-0.5E-3', '{\n  "multi": "line"\n}', 'ctrl \u0001\u001f\u007f emoji 😀 中文 \u2028', '1.5', 'x'],
  [null, null, null, '[]', '\\N literally', '12abc', ''],
  ['4', 'f', '0', '{}', 'timestamps', '0', '2026-06-01 09:30:00.123456+00'],
  ['5', 'f', '0', '{}', 'offsets', '0', '2026-06-01 09:30:00+05:30'],
  ['6', 'f', '0', '{}', 'west', '0', '2026-06-01 09:30:00-05'],
  ['7', 'f', '0', '{}', 'open-ended', '0', 'infinity'],
  ['8', 'f', '0', '{}', 'BC', '0', '0044-03-15 12:00:00+00 BC'],
];

test('byte-identical to the reference encoder, for every column kind and escape', () => {
  const lines = rows.map((r) => r.map(copyEscape).join('\t'));
  const bytes = Buffer.from(lines.map((l) => `${l}\n`).join(''));
  expect(scanned(bytes, [])).toBe(reference(lines));
});

test('the same bytes however the chunks are cut, even inside a character or an escape', () => {
  const lines = rows.map((r) => r.map(copyEscape).join('\t'));
  const bytes = Buffer.from(lines.map((l) => `${l}\n`).join(''));
  const expected = reference(lines);
  for (let cut = 1; cut < bytes.length; cut++) expect(scanned(bytes, [cut])).toBe(expected);
  expect(scanned(bytes, Array.from({ length: bytes.length - 1 }, (_, i) => i + 1))).toBe(expected);
});

test('escapes COPY TO never writes (octal, hex) still decode the reference way', () => {
  const lines = ['1\tt\t1\t{}\t\\101\\x42 \\q\t1\tx'];
  expect(scanned(Buffer.from(`${lines[0]}\n`), [])).toBe(reference(lines));
});

test('output ending inside a row is an error, not a silently short file', () => {
  const enc = new CopyTextToJsonLines('t', fields);
  enc.push(Buffer.from('1\tt'));
  expect(() => enc.finish()).toThrow('COPY output ended inside a row');
});
