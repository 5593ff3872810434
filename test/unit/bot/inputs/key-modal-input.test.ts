import { parseKeyModal, parseKeyModalMetadata } from '../../../../bot/inputs/key-modal-input';
import { parseAllowedHosts } from '../../../../lib/net';
import { keyModalValues } from '../../../helpers/slack-driver';

const KEY = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123';

test('a complete submission becomes typed input, optional blanks dropped', () => {
  expect(parseKeyModal(keyModalValues({ provider: 'openai', environment: 'staging', apiKey: `  ${KEY} `, ownerTeam: 'Platform', note: '' }) as never)).toEqual({
    ok: true,
    input: { provider: 'openai', environment: 'staging', apiKey: KEY, ownerTeam: 'Platform', baseUrl: undefined, note: undefined },
  });
});

test('every problem is reported at once, keyed by the input block, without echoing the key', () => {
  const result = parseKeyModal(keyModalValues({ provider: null, environment: null, apiKey: 'sk-has space in it-1234567890' }) as never);
  expect(result).toEqual({
    ok: false,
    errors: { key_provider: 'Choose a provider', key_environment: 'Choose an environment', key_value: 'The key must be one word without spaces' },
  });
});

test('an OpenAI-compatible endpoint needs a base URL, and a base URL must be a URL', () => {
  expect(parseKeyModal(keyModalValues({ provider: 'openai_compatible', environment: 'production', apiKey: KEY }) as never)).toEqual({
    ok: false,
    errors: { key_base_url: 'An OpenAI-compatible endpoint needs its base URL' },
  });
  expect(parseKeyModal(keyModalValues({ provider: 'openai_compatible', environment: 'production', apiKey: KEY, baseUrl: 'groq' }) as never)).toEqual({
    ok: false,
    errors: { key_base_url: 'Enter a URL like https://api.example.com/v1' },
  });
  const ok = parseKeyModal(keyModalValues({ provider: 'openai_compatible', environment: 'production', apiKey: KEY, baseUrl: 'https://api.groq.com/openai/v1' }) as never);
  expect(ok).toMatchObject({ ok: true, input: { baseUrl: 'https://api.groq.com/openai/v1' } });
});

test('a base URL that is plain http, or a private, loopback or metadata host on its face, is refused under the field', () => {
  const submit = (baseUrl: string, allowed = '') =>
    parseKeyModal(keyModalValues({ provider: 'openai_compatible', environment: 'production', apiKey: KEY, baseUrl }) as never, parseAllowedHosts(allowed).hosts);
  const refusedWith = (baseUrl: string, allowed = '') => {
    const result = submit(baseUrl, allowed);
    expect(result.ok).toBe(false);
    return (result as { errors: Record<string, string> }).errors.key_base_url;
  };
  expect(refusedWith('http://api.groq.com/openai/v1')).toBe(
    'Warden does not call api.groq.com over plain http: give an https:// URL (http is allowed only for hosts in WARDEN_ALLOWED_PRIVATE_HOSTS).',
  );
  expect(refusedWith('http://127.0.0.1:11434/v1')).toBe(
    "Warden does not call 127.0.0.1:11434: it is a loopback address (this machine). Give the provider's public https URL, or an operator can allow a self-hosted gateway's host in WARDEN_ALLOWED_PRIVATE_HOSTS.",
  );
  expect(refusedWith('https://localhost/v1')).toContain('Warden does not call localhost: it is a loopback address');
  expect(refusedWith('https://2130706433/v1')).toContain('Warden does not call 127.0.0.1: it is a loopback address');
  expect(refusedWith('https://192.168.1.20/v1')).toContain('it is a private-network address');
  expect(refusedWith('https://[fe80::1]/v1')).toContain('it is a link-local address');
  expect(refusedWith('http://169.254.169.254/latest/meta-data/', '169.254.169.254')).toBe('Warden does not call 169.254.169.254: it is a cloud metadata service address.');
  expect(refusedWith('https://exa mple.com/v1')).toBe('Enter a URL like https://api.example.com/v1');
  // A self-hosted gateway the operator allowed may be private and speak http.
  expect(submit('http://10.0.0.5:8080/v1', '10.0.0.5:8080')).toMatchObject({ ok: true, input: { baseUrl: 'http://10.0.0.5:8080/v1' } });
  expect(submit('http://localhost:11434/v1', 'localhost')).toMatchObject({ ok: true });
  // A name is decided at connect time, where its addresses are resolved and checked.
  expect(submit('https://gateway.corp.example/v1')).toMatchObject({ ok: true });
});

test('keys of implausible length are refused', () => {
  expect(parseKeyModal(keyModalValues({ provider: 'openai', environment: 'production', apiKey: 'sk-short' }) as never)).toMatchObject({
    errors: { key_value: 'This is too short to be a provider API key' },
  });
  expect(parseKeyModal(keyModalValues({ provider: 'openai', environment: 'production', apiKey: `sk-${'a'.repeat(600)}` }) as never)).toMatchObject({
    errors: { key_value: 'This is too long to be a provider API key' },
  });
});

test('private metadata is trusted only when it has the expected shape', () => {
  expect(parseKeyModalMetadata('{"mode":"rotate","channelId":"C1","provider":"gemini","environment":"staging"}')).toEqual({
    mode: 'rotate',
    channelId: 'C1',
    provider: 'gemini',
    environment: 'staging',
  });
  expect(parseKeyModalMetadata('{"mode":"rotate","channelId":"C1","provider":"mistral"}')).toBeNull();
  expect(parseKeyModalMetadata('not json')).toBeNull();
  expect(parseKeyModalMetadata(undefined)).toBeNull();
});
