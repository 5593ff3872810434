import type { Provider } from '../../lib/contracts';
import { maskKey, type KeyFingerprinter } from '../../lib/crypto';

export interface DetectedKey {
  provider: Provider;
  masked: string;
  fingerprint: string;
}

// Longest prefix first: sk-ant- is Anthropic, plain sk- and sk-proj- are OpenAI. Gemini keys are AIza + 35.
const SHAPES: Array<{ provider: Provider; pattern: RegExp }> = [
  { provider: 'anthropic', pattern: /sk-ant-[A-Za-z0-9_-]{20,}/g },
  { provider: 'openai', pattern: /sk-(?!ant-)[A-Za-z0-9_-]{20,}/g },
  { provider: 'gemini', pattern: /AIza[0-9A-Za-z_-]{35}/g },
];

/**
 * Finds provider keys in a message by their shape. Returns masked forms and fingerprints only: the caller
 * never holds a plaintext it could echo back or log. Fingerprints are keyed like the stored keys' ones.
 */
export function detectLeakedKeys(text: string, fingerprints: Pick<KeyFingerprinter, 'fingerprint'>): DetectedKey[] {
  const found = new Map<string, DetectedKey>();
  let rest = text;
  for (const { provider, pattern } of SHAPES) {
    for (const match of rest.matchAll(pattern)) {
      const fingerprint = fingerprints.fingerprint(match[0]);
      if (!found.has(fingerprint)) found.set(fingerprint, { provider, masked: maskKey(match[0]), fingerprint });
    }
    // An Anthropic key also matches nothing else once removed; keeps sk-ant- out of the OpenAI pass.
    rest = rest.replace(pattern, ' ');
  }
  return [...found.values()];
}
