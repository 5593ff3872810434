import { ERROR_CODES, WardenError } from '../../../../lib/errors';
import { redactDeep, redactSecrets } from '../../../../lib/log/redact';

const tail = 'Q7rT';
const keys = {
  openai: `sk-${'a1B2c3D4e5F6g7H8i9J0k1L2'}${tail}`,
  openaiProject: `sk-proj-${'Xy9_Ab-12Cd34Ef56Gh78Ij90KlMnOp'}${tail}`,
  anthropic: `sk-ant-api03-${'Zz1Yy2Xx3Ww4Vv5Uu6Tt7Ss8Rr9Qq0-Pp_Oo'}${tail}`,
  openrouter: `sk-or-v1-${'0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab'}${tail}`,
  gemini: `AIza${'SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4'}${'o5'}${tail.slice(0, 3)}`,
  groq: `gsk_${'abcdEFGH1234ijklMNOP5678qrstUVWX9012yzab'}${tail}`,
  cerebras: `csk-${'m1n2b3v4c5x6z7l8k9j0h1g2f3d4s5a6'}${tail}`,
  slack: `xoxb-${'1234567890-0987654321-AbCdEfGhIjKlMnOpQrSt'}${tail}`,
  masterKey: 'k3Jx9P0qLw2mZ7vR4tY8uB1nC6sD5fG0hJ2kL4zX8c0=',
};

describe('redactSecrets', () => {
  it.each(Object.entries(keys))('masks a %s key inside a sentence', (_provider, key) => {
    const out = redactSecrets(`rotating key ${key} for team ml-platform now`);
    expect(out).not.toContain(key);
    expect(out).not.toContain(key.slice(-12, -4));
    expect(out).toContain('rotating key ');
    expect(out).toContain(' for team ml-platform now');
    expect(out).toContain('…');
  });

  it('keeps the provider prefix and last 4 so people can still tell keys apart', () => {
    expect(redactSecrets(`key=${keys.openaiProject}`)).toBe(`key=sk-proj-…${tail}`);
    expect(redactSecrets(keys.anthropic)).toBe(`sk-ant-api03-…${tail}`);
    expect(redactSecrets(keys.openrouter)).toBe(`sk-or-v1-…${tail}`);
    expect(redactSecrets(keys.groq)).toBe(`gsk_…${tail}`);
    expect(redactSecrets(keys.cerebras)).toBe(`csk-…${tail}`);
    expect(redactSecrets(keys.slack)).toBe(`xoxb-…${tail}`);
    expect(redactSecrets(keys.gemini)).toBe(`AIza…${keys.gemini.slice(-4)}`);
  });

  it('masks keys inside JSON text without breaking the JSON', () => {
    const text = JSON.stringify({ apiKey: keys.openai, nested: { token: keys.slack }, list: [keys.gemini] });
    const out = redactSecrets(text);
    for (const key of [keys.openai, keys.slack, keys.gemini]) expect(out).not.toContain(key);
    expect(JSON.parse(out)).toEqual({ apiKey: `sk-…${tail}`, nested: { token: `xoxb-…${tail}` }, list: [expect.stringMatching(/^AIza…/)] });
  });

  it('masks Bearer credentials, whatever their shape', () => {
    const out = redactSecrets('Authorization: Bearer abc.def-ghi_jkl9876 sent');
    expect(out).toBe('Authorization: Bearer …9876 sent');
    expect(redactSecrets(`curl -H "Authorization: Bearer ${keys.openaiProject}"`)).toBe(
      `curl -H "Authorization: Bearer sk-proj-…${tail}"`,
    );
  });

  it('masks a WARDEN_MASTER_KEY and long hex secrets', () => {
    const hex = 'deadbeef00112233445566778899aabbccddeeff0011223344556677';
    const out = redactSecrets(`WARDEN_MASTER_KEY=${keys.masterKey} hmac=${hex}`);
    expect(out).not.toContain(keys.masterKey.slice(0, 20));
    expect(out).not.toContain(hex.slice(0, 20));
  });

  it('leaves ordinary log text alone: ids, UUIDs, file paths and prose', () => {
    const text =
      'workflow rotateProviderKey-7f9c2a1e-4b3d-4e8f-9a6b-1c2d3e4f5a6b started for U012ABCDEF in T0123 ' +
      'at /home/runner/work/warden/warden/node_modules/@temporalio/worker/lib/worker.js:120:5; the bearer of bad news; fp_0123456789ab';
    expect(redactSecrets(text)).toBe(text);
  });

  it('does not mask the same value twice', () => {
    const once = redactSecrets(`x ${keys.anthropic} y`);
    expect(redactSecrets(once)).toBe(once);
  });
});

describe('redactDeep', () => {
  it('masks strings through nested objects and arrays and returns a copy', () => {
    const input = { user: 'U123', provider: { name: 'openai', key: keys.openai }, history: [{ note: `old ${keys.groq}` }], n: 3, ok: true, none: null };
    const out = redactDeep(input);
    expect(out).toEqual({ user: 'U123', provider: { name: 'openai', key: `sk-…${tail}` }, history: [{ note: `old gsk_…${tail}` }], n: 3, ok: true, none: null });
    expect(input.provider.key).toBe(keys.openai);
    expect(out).not.toBe(input);
  });

  it('masks Error message, stack and cause, and keeps the class and code', () => {
    const cause = new Error(`upstream said: invalid key ${keys.anthropic}`);
    const err = new WardenError(ERROR_CODES.keyInvalid, `Key ${keys.openaiProject} was rejected`, { keyRef: 'key_1' });
    Object.defineProperty(err, 'cause', { value: cause, enumerable: false });
    const out = redactDeep(err);

    expect(out).toBeInstanceOf(WardenError);
    expect(out.code).toBe(ERROR_CODES.keyInvalid);
    expect(out.message).toBe(`Key sk-proj-…${tail} was rejected`);
    expect(out.stack).not.toContain(keys.openaiProject);
    expect(String((out.cause as Error).message)).not.toContain(keys.anthropic);
    expect(err.message).toContain(keys.openaiProject);
  });

  it('copes with cycles', () => {
    const a: Record<string, unknown> = { key: keys.cerebras };
    a.self = a;
    const out = redactDeep(a);
    expect(out.key).toBe(`csk-…${tail}`);
    expect(out.self).toBe(out);
  });
});

test('snake_case identifiers such as migration names stay readable, hex and base64url tokens do not', () => {
  expect(redactSecrets('applied 20261123182725_audit_append_only')).toBe('applied 20261123182725_audit_append_only');
  expect(redactSecrets('token 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08')).not.toContain('9f86d081884c7d659a2feaa0c55ad015');
  expect(redactSecrets('token Zm9vYmFyX2Jhel9xdXV4X3Rlc3Rfc2VjcmV0XzEyMzQ1Njc4')).not.toContain('Zm9vYmFyX2Jhel9xdXV4');
});
