// PII redaction for text bound for a model provider (issue 10): what is caught, what is left alone.
import { ibanValid, luhnValid, redactText } from '../../../lib/data-rights';

const r = (text: string) => redactText(text);

test.each([
  ['Write to ana.lima@example.com today', 'Write to [EMAIL] today', { email: 1 }],
  ['Schreiben Sie an jürgen.müller@beispiel.de.', 'Schreiben Sie an [EMAIL].', { email: 1 }],
  ['Call +44 20 7946 0958 or +1 (415) 555-0199', 'Call [PHONE] or [PHONE]', { phone: 2 }],
  ['Appelez le 0033 1 42 68 53 00 ou le 01 42 68 53 00', 'Appelez le [PHONE] ou le [PHONE]', { phone: 2 }],
  ['UK office: 020 7946 0958', 'UK office: [PHONE]', { phone: 1 }],
  ['US line (415) 555-0199', 'US line [PHONE]', { phone: 1 }],
  ['Card 4111 1111 1111 1111 exp 12/27', 'Card [CARD] exp 12/27', { card: 1 }],
  ['Amex 378282246310005, Mastercard 5555-5555-5555-4444', 'Amex [CARD], Mastercard [CARD]', { card: 2 }],
  ['IBAN GB82 WEST 1234 5698 7654 32 please', 'IBAN [IBAN] please', { iban: 1 }],
  ['Überweisung an DE89370400440532013000 bitte', 'Überweisung an [IBAN] bitte', { iban: 1 }],
  ['from 203.0.113.42 and 2001:db8::8a2e:370:7334', 'from [IP_ADDRESS] and [IP_ADDRESS]', { ip_address: 2 }],
  ['key sk-proj-abcdefghijklmnopqrstuvwxyz123456', 'key [SECRET]', { secret: 1 }],
  ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'Authorization: [SECRET]', { secret: 1 }],
  ['gemini AIzaSyD-1234567890abcdefghijklmnopqrstu ok', 'gemini [SECRET] ok', { secret: 1 }],
  ['slack xoxb-1234567890-abcdefghij', 'slack [SECRET]', { secret: 1 }],
  ['aws AKIAIOSFODNN7EXAMPLE', 'aws [SECRET]', { secret: 1 }],
])('redacts %s', (input, output, counts) => {
  expect(r(input)).toEqual({ text: output, counts });
});

test.each([
  'Order #100031 ships on 2025-03-14 at 10:30:00.',
  'Version 2.3.1 fixes it; upgrade from v10.0.0.1 to version 1.2.3.4 soon.',
  'It costs EUR 49.99 (or $1,299.00), reference 1234567812345678.',
  'Invoice 2024-000123, ticket INC-48213, tracking 1Z999AA10123456784.',
  'Call me on the 3rd; the meeting is 14:00-15:30 in room 2.14.',
  'sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  'Zahlung von 1.234,56 € am 14.03.2025, Bestellnummer 4711-0815.',
  'IBAN-like DE89370400440532013001 fails its check digits.',
  'El pedido 000123456 llegó el 03/04/2025 a las 9:15.',
  'Run migration 20261123182725_audit_append_only now.',
  'Rendez-vous le 01.02.2025 12:00, prix 19,99 €, commande n° 2025-0042.',
  'node v20.19.0, npm 10.8.2, build 1.0.0.1234',
])('leaves alone: %s', (text) => {
  expect(r(text)).toEqual({ text, counts: {} });
});

test('multilingual text with several kinds at once gives counts per type', () => {
  const text = [
    'Bonjour, je suis Chloé Martin (chloe.martin@exemple.fr, +33 6 12 34 56 78).',
    'Meine Karte 5555 5555 5555 4444 wurde doppelt belastet; IBAN DE89 3704 0044 0532 0130 00.',
    '你好，我的邮箱是 wang.wei@example.cn，IP 198.51.100.7。',
    'API key for the test: sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789.',
  ].join('\n');
  const out = r(text);
  expect(out.counts).toEqual({ email: 2, phone: 1, card: 1, iban: 1, ip_address: 1, secret: 1 });
  expect(out.text).toContain('Bonjour, je suis Chloé Martin ([EMAIL], [PHONE]).');
  expect(out.text).toContain('你好，我的邮箱是 [EMAIL]，IP [IP_ADDRESS]。');
  expect(out.text).not.toMatch(/chloe|5555|3704|198\.51|sk-ant/);
});

test('only the detectors asked for run, and custom patterns add their own placeholder', () => {
  expect(redactText('ana@example.com from 203.0.113.9', { detectors: ['ip_address'] })).toEqual({ text: 'ana@example.com from [IP_ADDRESS]', counts: { ip_address: 1 } });
  expect(redactText('employee E-104233 wrote', { custom: [{ name: 'employee_id', pattern: /\bE-\d{6}\b/ }] })).toEqual({
    text: 'employee [EMPLOYEE_ID] wrote',
    counts: { employee_id: 1 },
  });
});

test('checksums', () => {
  expect(luhnValid('4111111111111111')).toBe(true);
  expect(luhnValid('4111111111111112')).toBe(false);
  expect(ibanValid('GB82 WEST 1234 5698 7654 32')).toBe(true);
  expect(ibanValid('GB82 WEST 1234 5698 7654 33')).toBe(false);
  expect(ibanValid('DE8937040044053201300')).toBe(false);
});
