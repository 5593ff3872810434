import { maskKey } from '../../../../lib/crypto/mask';

const body = 'A1b2C3d4E5f6G7h8J9k0LmNoPqRsTuVwXyZ9wxyz';

describe('maskKey', () => {
  it.each([
    ['OpenAI project', `sk-proj-${body}`, 'sk-proj-…wxyz'],
    ['Anthropic api03', `sk-ant-api03-${body}`, 'sk-ant-api03-…wxyz'],
    ['Anthropic other', `sk-ant-admin01-${body}`, 'sk-ant-…wxyz'],
    ['OpenAI legacy', `sk-${body}`, 'sk-…wxyz'],
    ['OpenRouter', `sk-or-v1-${body}`, 'sk-or-v1-…wxyz'],
    ['Gemini / Google', `AIza${body}`, 'AIza…wxyz'],
    ['Groq', `gsk_${body}`, 'gsk_…wxyz'],
    ['Cerebras', `csk-${body}`, 'csk-…wxyz'],
    ['unknown provider', `zz-${body}`, '…wxyz'],
  ])('%s: shows the public prefix and last 4', (_label, key, masked) => {
    expect(maskKey(key)).toBe(masked);
  });

  it('shows only the last 2 characters of keys shorter than 12', () => {
    expect(maskKey('abcdefghijk')).toBe('…jk');
    expect(maskKey('sk-abcdef')).toBe('…ef');
  });

  it('shows nothing of a value too short to hide', () => {
    expect(maskKey('abcd')).toBe('…');
    expect(maskKey('')).toBe('…');
  });

  it('never reveals most of a key whose secret part after the prefix is short', () => {
    // 17 characters: prefix + last 4 would be the whole key.
    expect(maskKey('sk-ant-api03-wxyz')).toBe('sk-ant-api03-…');
    expect(maskKey('sk-proj-abcdefgh')).toBe('sk-proj-…gh');
  });

  it('never reveals more than the prefix and 4 characters of a real-length key', () => {
    const key = `sk-proj-${body}`;
    const masked = maskKey(key);
    expect(masked.replace('sk-proj-', '').replace('…', '')).toHaveLength(4);
    expect(masked).not.toContain(body.slice(0, 8));
  });
});
