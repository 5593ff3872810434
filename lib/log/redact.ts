import { maskKey } from '../crypto/mask';

interface Rule {
  /** What the rule catches and why the pattern looks the way it does. */
  label: string;
  pattern: RegExp;
  replace: (match: string) => string;
}

// Not preceded by a letter or digit, so 'task-…' or 'disk-…' inside a word is left alone.
const START = '(?<![A-Za-z0-9])';

// Order matters: a Bearer header is masked as a whole before the provider rules see its token,
// and the catch-all run comes last. Masked output contains '…', which no rule matches, so a
// value is never masked twice.
const RULES: Rule[] = [
  {
    // Tokens of 8+ characters; a plain word after 'bearer' is prose ("the bearer of"), not a credential.
    label: 'HTTP Authorization header: keep the scheme, mask the credential',
    pattern: /\b[Bb]earer\s+[A-Za-z0-9\-._~+/]{8,}=*/g,
    replace: (m) => {
      const [scheme = 'Bearer', token = ''] = m.split(/\s+/, 2);
      return /^[A-Za-z]+$/.test(token) ? m : `${scheme} ${maskKey(token)}`;
    },
  },
  {
    label: 'Slack tokens (xoxb-, xoxp-, xoxa-, xoxo-, xoxs-, xoxr-): keep the type, mask the rest',
    pattern: new RegExp(`${START}xox[abposr]-[A-Za-z0-9-]{8,}`, 'g'),
    replace: (m) => m.slice(0, 5) + maskKey(m.slice(5)),
  },
  {
    label: 'OpenAI sk-/sk-proj-, Anthropic sk-ant-, OpenRouter sk-or-v1- (maskKey keeps the prefix)',
    pattern: new RegExp(`${START}sk-[A-Za-z0-9_-]{16,}`, 'g'),
    replace: maskKey,
  },
  {
    label: 'Google / Gemini API keys: AIza followed by 35 characters',
    pattern: new RegExp(`${START}AIza[0-9A-Za-z_-]{35}`, 'g'),
    replace: maskKey,
  },
  {
    label: 'Groq gsk_ and Cerebras csk- keys',
    pattern: new RegExp(`${START}(?:gsk_|csk-)[A-Za-z0-9]{16,}`, 'g'),
    replace: maskKey,
  },
  {
    // Catches master keys, HMAC secrets and unknown providers' keys. '-' is left out so UUIDs
    // (request and workflow ids) stay readable; a digit is required so long file paths and
    // identifiers in stack traces survive, while random base64/hex of this length always has one.
    label: 'any run of 32+ base64/hex characters that contains a digit',
    pattern: /[A-Za-z0-9+/_]{32,}={0,2}/g,
    // snake_case names (migration names like 20261123182725_audit_append_only) are identifiers: random
    // tokens with underscores are base64url and carry upper case, and hex tokens carry no underscore.
    replace: (m) => (/[0-9]/.test(m) && /[A-Za-z]/.test(m) && !isSnakeCaseName(m) ? maskKey(m) : m),
  },
];

function isSnakeCaseName(text: string): boolean {
  return text.includes('_') && /^[a-z0-9_]+$/.test(text);
}

/** Replaces everything shaped like a secret with its masked form. Shape-based only, so it stays pure. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const rule of RULES) out = out.replace(rule.pattern, rule.replace);
  return out;
}

/**
 * Returns a copy of `value` with every string passed through redactSecrets, through arrays, plain
 * objects, Maps, Sets and Errors (message, stack, cause and own fields). Byte arrays are returned
 * as they are: bytes have no shape to recognise, so the logger never prints them.
 */
export function redactDeep<T>(value: T): T {
  return copy(value, new WeakMap()) as T;
}

function copy(value: unknown, seen: WeakMap<object, unknown>): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (value === null || typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value;
  if (value instanceof Date) return new Date(value.getTime());
  const already = seen.get(value);
  if (already !== undefined) return already;

  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const item of value) out.push(copy(item, seen));
    return out;
  }
  if (value instanceof Map) {
    const out = new Map<unknown, unknown>();
    seen.set(value, out);
    for (const [k, v] of value) out.set(copy(k, seen), copy(v, seen));
    return out;
  }
  if (value instanceof Set) {
    const out = new Set<unknown>();
    seen.set(value, out);
    for (const v of value) out.add(copy(v, seen));
    return out;
  }

  // Keeps the prototype, so a redacted WardenError is still a WardenError with its code.
  const out = Object.create(Object.getPrototypeOf(value)) as Record<string, unknown>;
  seen.set(value, out);
  if (value instanceof Error) {
    // message, stack and cause are own but non-enumerable on Errors, so copy them by name.
    for (const key of ['name', 'message', 'stack', 'cause'] as const) {
      if (Object.prototype.hasOwnProperty.call(value, key) || key === 'name') {
        Object.defineProperty(out, key, {
          value: copy((value as unknown as Record<string, unknown>)[key], seen),
          writable: true,
          configurable: true,
          enumerable: false,
        });
      }
    }
  }
  for (const [k, v] of Object.entries(value)) out[k] = copy(v, seen);
  return out;
}
