import { z } from 'zod';
import { API_KEY_PREFIX, codeSpan } from '../../lib/contracts';
import type { ParseResult } from './parse-result';

export type ApiKeysCommand = { kind: 'apikeys.list' } | { kind: 'apikeys.create' } | { kind: 'apikeys.rotate'; prefix: string } | { kind: 'apikeys.revoke'; prefix: string };

// The prefix as lists show it; a trailing ellipsis or the whole key pasted by mistake still names the key.
const prefix = z
  .string()
  .transform((v) => v.replace(/…$/, ''))
  .pipe(z.string().regex(new RegExp(`^${API_KEY_PREFIX}[0-9a-f]{8}`), `name the key by its prefix, like ${API_KEY_PREFIX}ab12cd34`))
  .transform((v) => v.slice(0, API_KEY_PREFIX.length + 8));

/** `/warden apikeys …` after the area word. */
export function parseApiKeysCommand(words: string[]): ParseResult<ApiKeysCommand> {
  const [rawAction, target] = words;
  const action = rawAction?.toLowerCase();
  if (!action || action === 'list') return { ok: true, command: { kind: 'apikeys.list' } };
  if (action === 'create') return { ok: true, command: { kind: 'apikeys.create' } };
  if (action === 'rotate' || action === 'revoke') {
    const parsed = prefix.safeParse(target ?? '');
    if (!parsed.success) return { ok: false, message: `Usage: \`/warden apikeys ${action} <prefix>\` (${parsed.error.issues[0]?.message ?? 'no prefix'}).` };
    return { ok: true, command: { kind: action === 'rotate' ? 'apikeys.rotate' : 'apikeys.revoke', prefix: parsed.data } };
  }
  return { ok: false, message: `Unknown apikeys command ${codeSpan(action)}. Try \`/warden help\`.` };
}
