// COPY's text format read back into values, and values written as JSON the way the export does.
import { columnEncoders, copyTextFields, jsonKeys, jsonLine } from '../../../lib/data-rights/json-line-encoder';

const field = (name: string, dataTypeID: number) => ({ name, dataTypeID, tableID: 0, columnID: 0, dataTypeSize: 0, dataTypeModifier: 0, format: 'text' as const });

test('tabs split fields, \\N is NULL, and every escape COPY writes is undone', () => {
  expect(copyTextFields('1\t\\N\tsaid "hi" \\\\ back\\nline\\ttab\\r\\b\\f\\v\t\\\\N\t\\101\\x42')).toEqual([
    '1',
    null,
    'said "hi" \\ back\nline\ttab\r\b\f\v',
    '\\N',
    'AB',
  ]);
});

test('timestamps are written in ISO 8601: date and time joined by T, the offset with its minutes', () => {
  const fields = [field('at', 1184), field('local', 1114), field('day', 1082)];
  const line = (values: Array<string | null>) => JSON.parse(jsonLine('{"_table":"x"', jsonKeys(fields), columnEncoders(fields), values));
  expect(line(['2026-06-01 09:30:00.123456+00', '2026-06-01 09:30:00', '2026-06-01'])).toEqual({ _table: 'x', at: '2026-06-01T09:30:00.123456+00:00', local: '2026-06-01T09:30:00', day: '2026-06-01' });
  expect(line(['2026-06-01 09:30:00+05:30', 'infinity', null])).toEqual({ _table: 'x', at: '2026-06-01T09:30:00+05:30', local: 'infinity', day: null });
  expect(new Date(line(['2026-06-01 09:30:00-05', null, null]).at).toISOString()).toBe('2026-06-01T14:30:00.000Z');
});

test('numbers and json stay as they are, booleans become true/false, NaN and text become strings', () => {
  const fields = [field('id', 20), field('ok', 16), field('price', 1700), field('meta', 3802), field('name', 25), field('score', 701)];
  const line = jsonLine('{"_table":"x"', jsonKeys(fields), columnEncoders(fields), ['42', 't', '49.99', '{"a": [1]}', 'Zoë "Z"', 'NaN']);
  expect(line).toBe('{"_table":"x","id":42,"ok":true,"price":49.99,"meta":{"a": [1]},"name":"Zoë \\"Z\\"","score":"NaN"}\n');
  expect(JSON.parse(line)).toEqual({ _table: 'x', id: 42, ok: true, price: 49.99, meta: { a: [1] }, name: 'Zoë "Z"', score: 'NaN' });
});
