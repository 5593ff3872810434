// PII redaction throughput on realistic text (issue 10). Goal: at least 20 MB/s on one core, so redacting a
// prompt of a few KB adds well under a millisecond to a model call.
//
// The text is support-chat transcripts in English, German, French, Spanish and Chinese, about one line in three
// carrying personal data (emails, international phone numbers, card numbers, IBANs, IP addresses, API keys)
// and the rest carrying what must be left alone (order numbers, versions, dates, prices). For comparison the
// same text goes through Warden's log redactor (lib/log/redact.ts: six patterns for key-shaped secrets only),
// the cheapest masking pass Warden already runs on every log line. Run: `npm run bench -- redaction`.
import { performance } from 'node:perf_hooks';
import { redactText } from '../lib/data-rights';
import { redactSecrets } from '../lib/log/redact';
import { intFromEnv, table } from './support/stats';

const TARGET_MB = intFromEnv('BENCH_REDACT_MB', 8);
const ROUNDS = intFromEnv('BENCH_REDACT_ROUNDS', 5);
const GOAL_MB_S = 20;

const FIRST = ['Ana', 'Jürgen', 'Chloé', 'Dario', 'Wang', 'Lena', 'Farid', 'Inès'];
const LAST = ['Lima', 'Müller', 'Martin', 'Rossi', 'Wei', 'Schmidt', 'Haddad', 'García'];
const CLEAN = [
  'Where is order #%n? It was due on 2025-03-14.',
  'Version 2.3.%d of the app crashes when I open the settings page.',
  'The price went from EUR 49.99 to EUR 54.99 without notice.',
  'Meine Bestellung %n ist noch nicht angekommen, können Sie nachsehen?',
  'Le colis %n devait arriver le 14.03.2025 à 10:30.',
  '¿Pueden cambiar la dirección de entrega del pedido %n?',
  '我的订单 %n 什么时候发货？',
  'Thanks, that fixed it. Have a nice day!',
  'Could you try updating to version 2.4.0 and restarting the app?',
  'Your refund of $1,299.00 was issued on 03/04/2025.',
];
const PERSONAL = [
  'You can reach me at %e or %p.',
  'Please charge card 4111 1111 1111 1111 instead of the old one.',
  'Überweisen Sie bitte auf DE89 3704 0044 0532 0130 00.',
  'Mon numéro est le +33 6 12 34 56 %d%d, merci.',
  'I logged in from 203.0.113.%d and it failed.',
  'Here is my key by mistake: sk-proj-%k',
];

function corpus(bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const personal = i % 3 === 0;
    const template = personal ? PERSONAL[(i / 3) % PERSONAL.length]! : CLEAN[i % CLEAN.length]!;
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[(i >> 3) % LAST.length]!;
    const line = `${first}: ${template}`
      .replace('%e', `${first.toLowerCase()}.${last.toLowerCase()}${i % 1000}@example.com`)
      .replace('%p', `+44 20 7946 ${String(i % 10000).padStart(4, '0')}`)
      .replace('%n', String(100000 + (i % 900000)))
      .replace('%k', `abcDEF${String(i).padStart(8, '0')}ghiJKLmnoPQRstu`)
      .replace(/%d/g, String(i % 10));
    lines.push(line);
    size += Buffer.byteLength(line) + 1;
  }
  return lines.join('\n');
}

function timed(fn: () => void): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

function main(): void {
  const text = corpus(TARGET_MB * 1024 * 1024);
  const mb = Buffer.byteLength(text) / 1024 / 1024;
  // Prompts are redacted one at a time, so the text is redacted in prompt-sized pieces (about 4 KB).
  const pieces: string[] = [];
  for (let at = 0; at < text.length; ) {
    const end = text.indexOf('\n', at + 4000);
    pieces.push(text.slice(at, end < 0 ? text.length : end));
    at = end < 0 ? text.length : end + 1;
  }
  let counts: Record<string, number> = {};
  redactText(pieces[0]!); // warm-up: compile the patterns
  const redactMs: number[] = [];
  const logMs: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const total: Record<string, number> = {};
    redactMs.push(
      timed(() => {
        for (const p of pieces) for (const [k, v] of Object.entries(redactText(p).counts)) total[k] = (total[k] ?? 0) + v;
      }),
    );
    counts = total;
    logMs.push(timed(() => pieces.forEach((p) => redactSecrets(p))));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const redactRate = mb / (median(redactMs) / 1000);
  const logRate = mb / (median(logMs) / 1000);
  console.log(`Redaction of ${mb.toFixed(1)} MB of multilingual support chat in ${pieces.length} pieces of ~4 KB, median of ${ROUNDS} rounds, one core`);
  console.log(
    table([
      ['pass', 'MB/s', 'ratio'],
      ['redactText (6 detectors, checksums)', redactRate.toFixed(1), `${(redactRate / logRate).toFixed(2)}x`],
      ['log redactor (secrets only)', logRate.toFixed(1), '1.00x'],
    ]),
  );
  console.log(`found: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(`redactText: ${redactRate.toFixed(1)} MB/s (goal ≥ ${GOAL_MB_S} MB/s) — ${redactRate >= GOAL_MB_S ? 'met' : 'not met'}`);
}

main();
