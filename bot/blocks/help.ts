export const HELP_TEXT = [
  '*Warden* governs your organization\'s LLM provider keys.',
  '• `/warden keys` — list keys (masked), their status, age and last health check',
  '• `/warden keys add` — add a key (admins): encrypted, health-checked, then activated',
  '• `/warden keys rotate <provider> <environment>` — replace the active key; the old one retires after the grace period',
  '• `/warden keys revoke <provider> <environment>` — revoke the active key (asks to confirm)',
  '• `/warden keys byok-only <provider> on|off` — require the org\'s own key (no hosted fallback)',
  'Providers: `openai`, `anthropic`, `gemini`, `openai-compatible`. Environments: `production`, `staging`.',
].join('\n');
