import { parseWardenCommand } from '../../../../bot/inputs/warden-command';

test.each([
  ['', { kind: 'help' }],
  ['help', { kind: 'help' }],
  ['keys', { kind: 'keys.list' }],
  ['KEYS list', { kind: 'keys.list' }],
  ['keys add', { kind: 'keys.add' }],
  ['keys rotate OpenAI prod', { kind: 'keys.rotate', provider: 'openai', environment: 'production' }],
  ['keys rotate claude staging', { kind: 'keys.rotate', provider: 'anthropic', environment: 'staging' }],
  ['keys revoke google production', { kind: 'keys.revoke', provider: 'gemini', environment: 'production' }],
  ['  keys   revoke   openai-compatible   stage ', { kind: 'keys.revoke', provider: 'openai_compatible', environment: 'staging' }],
  ['keys byok-only anthropic on', { kind: 'keys.byok-only', provider: 'anthropic', byokOnly: true }],
  ['keys byok-only gemini off', { kind: 'keys.byok-only', provider: 'gemini', byokOnly: false }],
])('"%s" parses', (text, command) => {
  expect(parseWardenCommand(text)).toEqual({ ok: true, command });
});

test.each([
  ['deploy', 'Unknown command `deploy`. Try `/warden help`.'],
  ['keys burn', 'Unknown keys command `burn`. Try `/warden help`.'],
  ['keys rotate openai', 'Usage: `/warden keys rotate <provider> <environment>` (wrong number of arguments).'],
  ['keys rotate openai production extra', 'Usage: `/warden keys rotate <provider> <environment>` (wrong number of arguments).'],
  ['keys revoke mistral production', 'Usage: `/warden keys revoke <provider> <environment>` (provider must be one of: openai, anthropic, gemini, openai-compatible).'],
  ['keys revoke openai dev', 'Usage: `/warden keys revoke <provider> <environment>` (environment must be one of: production, staging).'],
  ['keys byok-only openai maybe', 'Usage: `/warden keys byok-only <provider> on|off` (say on or off).'],
])('"%s" is refused with a usage message', (text, message) => {
  expect(parseWardenCommand(text)).toEqual({ ok: false, message });
});
