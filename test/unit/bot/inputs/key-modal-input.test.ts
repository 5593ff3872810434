import { parseKeyModal, parseKeyModalMetadata } from '../../../../bot/inputs/key-modal-input';
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
