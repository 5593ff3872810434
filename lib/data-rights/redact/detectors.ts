import { isIPv6 } from 'node:net';
import { ibanValid, luhnValid } from './checksums';

export const REDACTION_TYPES = ['secret', 'email', 'iban', 'card', 'phone', 'ip_address'] as const;
export type RedactionType = (typeof REDACTION_TYPES)[number];

export interface Detector {
  type: string;
  placeholder: string;
  pattern: RegExp;
  /** A second look at a match the pattern found: checksums, and the shapes that look alike (versions, dates). */
  accept?: (match: string, text: string, offset: number) => boolean;
}

// Not inside a longer word or number.
const B = '(?<![\\p{L}\\p{N}_])';
const E = '(?![\\p{L}\\p{N}_])';

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

export const DETECTORS: Record<RedactionType, Detector> = {
  // First: a token can contain what looks like an email or an IP address.
  secret: { type: 'secret', placeholder: '[SECRET]', pattern: new RegExp(`${B}(?:[Bb]earer\\s+)?(?:${SECRET_SHAPES.join('|')})`, 'gu') },
  email: {
    type: 'email',
    placeholder: '[EMAIL]',
    pattern: new RegExp(`${B}[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?(?:\\.[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?)*\\.\\p{L}{2,}${E}`, 'gu'),
  },
  // Before cards and phones: an IBAN's digits would otherwise look like either.
  iban: { type: 'iban', placeholder: '[IBAN]', pattern: new RegExp(`${B}[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?${E}`, 'gu'), accept: (m) => ibanValid(m) },
  card: {
    type: 'card',
    placeholder: '[CARD]',
    pattern: new RegExp(`${B}[2-6]\\d{3}(?:[ -]?\\d){9,15}${E}`, 'gu'),
    accept: (m) => {
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
        `(?<![\\p{L}\\p{N}_+])(?:\\+|00)[1-9]\\d{0,2}(?:[ .-]?(?:\\(\\d{1,5}\\)|\\d{1,5})){1,6}${E}`,
        // North American national format: (555) 123-4567, 555-123-4567.
        `${B}(?:\\(\\d{3}\\) ?|\\d{3}[ .-])\\d{3}[ .-]\\d{4}${E}`,
        // European national format with a trunk 0: 020 7946 0958, 030-1234-5678.
        `${B}0\\d{2,4}[ -]\\d{3,4}[ -]?\\d{3,4}${E}`,
        // French national format in pairs, one separator throughout (so a date and a time do not join up): 01 42 68 53 00.
        `${B}0[1-9]([ .-]?)\\d{2}(?:\\1\\d{2}){3}${E}`,
      ].join('|'),
      'gu',
    ),
    accept: (m) => {
      const digits = m.replace(/\D/g, '').replace(/^00/, '');
      return digits.length >= 8 && digits.length <= 15;
    },
  },
  ip_address: {
    type: 'ip_address',
    placeholder: '[IP_ADDRESS]',
    pattern: new RegExp(`(?<![\\p{L}\\p{N}_.:])(?:(?:${OCTET}\\.){3}${OCTET}|(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4})(?![\\p{L}\\p{N}_:]|\\.\\d)`, 'gu'),
    accept: (m, text, offset) => {
      if (m.includes(':')) return m.length >= 6 && isIPv6(m);
      // "version 1.2.3.4" and "v10.0.0.1" are version strings, not addresses.
      return !/(?:\bv|version\s*|release\s*|build\s*)$/i.test(text.slice(Math.max(0, offset - 10), offset));
    },
  },
};
