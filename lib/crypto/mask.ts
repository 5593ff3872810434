// Public, per-provider prefixes: showing them tells a person which provider a key is for and
// reveals nothing secret. Longest first, so 'sk-ant-api03-' wins over 'sk-ant-' and 'sk-'.
const KNOWN_PREFIXES = ['sk-ant-api03-', 'sk-or-v1-', 'sk-proj-', 'sk-ant-', 'sk-', 'AIza', 'gsk_', 'csk-'].sort(
  (a, b) => b.length - a.length,
);

const ELLIPSIS = '…';
const SHORT_KEY = 12;
// Below this, even two trailing characters are a large share of the value.
const TOO_SHORT_TO_HINT = 6;

/**
 * A form of a key that is safe to show in Slack and logs: its provider prefix and last 4 characters,
 * e.g. 'sk-proj-…wxyz'. The tail shrinks when the secret part is short, so the mask never gives away
 * most of a key.
 */
export function maskKey(key: string): string {
  if (key.length < TOO_SHORT_TO_HINT) return ELLIPSIS;
  if (key.length < SHORT_KEY) return ELLIPSIS + key.slice(-2);

  const prefix = KNOWN_PREFIXES.find((p) => key.startsWith(p)) ?? '';
  const secretPart = key.slice(prefix.length);
  const tail = secretPart.length >= SHORT_KEY ? 4 : secretPart.length >= TOO_SHORT_TO_HINT ? 2 : 0;
  return prefix + ELLIPSIS + (tail ? secretPart.slice(-tail) : '');
}
