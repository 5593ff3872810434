import { isIPv6 } from 'node:net';
import { ibanValid, luhnValid } from './checksums';

export const REDACTION_TYPES = ['secret', 'email', 'iban', 'card', 'phone', 'ip_address'] as const;
export type RedactionType = (typeof REDACTION_TYPES)[number];

export interface Detector {
  type: string;
  placeholder: string;
  /** Candidates; or, where a regex would try every position of the text, `find` looks from an anchor character. */
  pattern?: RegExp;
  find?: (text: string) => Array<[start: number, end: number]>;
  /** A second look at a match the pattern found: checksums, and the shapes that look alike (versions, dates). */
  accept?: (match: string, text: string, offset: number) => boolean;
}

// Not inside a longer word or number.
const B = '(?<![\\p{L}\\p{N}_])';
const E = '(?![\\p{L}\\p{N}_])';
// Digit detectors run without the 'u' flag (several times faster): their end boundary is checked for ASCII
// here and for any other letter or digit in accept().
const EA = '(?![A-Za-z0-9_])';

const SECRET_SHAPES = [
  'eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{16,}', // JWT (header and payload are base64 JSON objects)
  'sk-(?:ant-|proj-|or-v1-)?[A-Za-z0-9_-]{20,}', // OpenAI, Anthropic, OpenRouter
  'AIza[0-9A-Za-z_-]{35}', // Google / Gemini
  '(?:gsk_|csk-)[A-Za-z0-9]{20,}', // Groq, Cerebras
  'xox[abposr]-[A-Za-z0-9-]{10,}', // Slack
  '(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{40,}', // GitHub
  '(?:AKIA|ASIA)[0-9A-Z]{16}', // AWS access key ids
  '(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}', // Stripe
  // Random base64 of 32+ characters: upper case, lower case and a digit. Hex digests (one case) and
  // snake_case names stay readable.
  '(?=[A-Za-z0-9+/_-]*[A-Z])(?=[A-Za-z0-9+/_-]*[a-z])(?=[A-Za-z0-9+/_-]*[0-9])[A-Za-z0-9+/_-]{32,}={0,2}',
];

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`(?:${OCTET}\\.){3}${OCTET}(?![A-Za-z0-9_:]|\\.\\d)`, 'g');

const SECRET = new RegExp(`^(?:${SECRET_SHAPES.join('|')})$`, 'u');
// Runs of token characters long enough to be a credential (the shortest shape, an AWS key id, is 20).
const TOKEN_RUN = /[A-Za-z0-9_+/=.-]{20,}/g;
const BEARER = /[Bb]earer\s+$/;
const WORDISH = /[\p{L}\p{N}_]/u;

/** Whether the character before `offset` is a letter, digit or underscore (a match inside a longer word or number). */
function wordBefore(text: string, offset: number): boolean {
  return offset > 0 && WORDISH.test(text[offset - 1]!);
}

function wordAfter(text: string, end: number): boolean {
  return end < text.length && WORDISH.test(text[end]!);
}

function findAll(pattern: RegExp, text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const m of text.matchAll(pattern)) spans.push([m.index, m.index + m[0].length]);
  return spans;
}

/** Token-shaped runs that match a credential shape as a whole (trailing dots trimmed), with a Bearer before them. */
function findSecrets(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const m of text.matchAll(TOKEN_RUN)) {
    let start = m.index;
    const token = m[0].replace(/\.+$/, '');
    if (start > 0 && WORDISH.test(text[start - 1]!)) continue;
    if (!SECRET.test(token)) continue;
    const bearer = BEARER.exec(text.slice(Math.max(0, start - 20), start));
    if (bearer) start -= bearer[0].length;
    spans.push([start, m.index + token.length]);
  }
  return spans;
}

const LOCAL_CHAR = /[\p{L}\p{N}._%+-]/u;
const DOMAIN = /[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)*\.\p{L}{2,}(?![\p{L}\p{N}_])/uy;

/** From each '@': the local part leftwards, the domain rightwards (a regex would try every position of the text). */
function findEmails(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && LOCAL_CHAR.test(text[start - 1]!)) start--;
    // No local part, or one glued to a word character the local part may not contain: not an address.
    if (start === at || (start > 0 && WORDISH.test(text[start - 1]!))) continue;
    DOMAIN.lastIndex = at + 1;
    const domain = DOMAIN.exec(text);
    // The domain ends in letters, so a sentence's full stop after the address stays outside it.
    if (!domain) continue;
    spans.push([start, at + 1 + domain[0].length]);
  }
  return spans;
}

const HEXCOLON = /[0-9A-Fa-f:]/;
const IPV4_TAIL = /(?:\d{1,3}\.){3}\d{1,3}/y;

/** From each '::' or run of colons: the surrounding hex-and-colon run, if it is an IPv6 address. */
function findIpv6(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) {
    let start = i;
    let end = i;
    while (start > 0 && HEXCOLON.test(text[start - 1]!)) start--;
    while (end < text.length && HEXCOLON.test(text[end]!)) end++;
    // An IPv4 tail (::ffff:192.0.2.1).
    IPV4_TAIL.lastIndex = end;
    const tail = IPV4_TAIL.exec(text);
    if (tail && text[end - 1] === ':') end += tail[0].length;
    const candidate = text.slice(start, end);
    i = end;
    if (candidate.length < 6 || (start > 0 && WORDISH.test(text[start - 1]!)) || (end < text.length && WORDISH.test(text[end]!))) continue;
    if (isIPv6(candidate)) spans.push([start, end]);
  }
  return spans;
}

export const DETECTORS: Record<RedactionType, Detector> = {
  // First: a token can contain what looks like an email or an IP address.
  secret: { type: 'secret', placeholder: '[SECRET]', find: findSecrets },
  email: { type: 'email', placeholder: '[EMAIL]', find: findEmails },
  // Before cards and phones: an IBAN's digits would otherwise look like either.
  iban: { type: 'iban', placeholder: '[IBAN]', pattern: new RegExp(`${B}[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?${E}`, 'gu'), accept: (m) => ibanValid(m) },
  card: {
    type: 'card',
    placeholder: '[CARD]',
    pattern: new RegExp(`[2-6]\\d{3}(?:[ -]?\\d){9,15}${EA}`, 'g'),
    accept: (m, text, offset) => {
      if (wordBefore(text, offset) || wordAfter(text, offset + m.length)) return false;
      const digits = m.replace(/[ -]/g, '');
      return digits.length >= 13 && digits.length <= 19 && luhnValid(digits);
    },
  },
  phone: {
    type: 'phone',
    placeholder: '[PHONE]',
    pattern: new RegExp(
      [
        // International: +CC or 00CC, then groups; 8 to 15 digits in all (E.164).
        // Groups need a separator between them: without one, a long run of digits could be split into groups in
        // thousands of ways, each tried before the match fails.
        `(?:\\+|00)[1-9]\\d{0,3}(?:[ .-]?\\(\\d{1,5}\\))?(?:[ .-]\\d{1,5}){1,6}${EA}`,
        `(?:\\+|00)[1-9]\\d{6,14}${EA}`,
        // North American national format: (555) 123-4567, 555-123-4567.
        `(?:\\(\\d{3}\\) ?|\\d{3}[ .-])\\d{3}[ .-]\\d{4}${EA}`,
        // European national format with a trunk 0: 020 7946 0958, 030-1234-5678.
        `0\\d{2,4}[ -]\\d{3,4}[ -]?\\d{3,4}${EA}`,
        // French national format in pairs, one separator throughout (so a date and a time do not join up): 01 42 68 53 00.
        `0[1-9]([ .-]?)\\d{2}(?:\\1\\d{2}){3}${EA}`,
      ].join('|'),
      'g',
    ),
    accept: (m, text, offset) => {
      // Checked here rather than as a lookbehind, so the pattern can skip ahead to a digit, + or ( quickly.
      if (wordBefore(text, offset) || wordAfter(text, offset + m.length) || text[offset - 1] === '+') return false;
      const digits = m.replace(/\D/g, '').replace(/^00/, '');
      return digits.length >= 8 && digits.length <= 15;
    },
  },
  ip_address: {
    type: 'ip_address',
    placeholder: '[IP_ADDRESS]',
    find: (text) => [...findIpv6(text), ...findAll(IPV4, text)],
    accept: (m, text, offset) => {
      if (m.includes(':')) return true;
      if (wordBefore(text, offset) || wordAfter(text, offset + m.length) || text[offset - 1] === '.' || text[offset - 1] === ':') return false;
      // "version 1.2.3.4" and "v10.0.0.1" are version strings, not addresses.
      return !/(?:\bv|version\s*|release\s*|build\s*)$/i.test(text.slice(Math.max(0, offset - 10), offset));
    },
  },
};
