import { parseBreakGlassScope } from '../../lib/access/break-glass-scope';
import type { ParseResult } from './parse-result';

export type BreakGlassCommand =
  | { kind: 'status' }
  | { kind: 'breakglass.on'; scope: string; reason: string }
  | { kind: 'breakglass.off'; scope: string; reason: string };

const USAGE = '`/warden breakglass on <scope> <reason>` or `/warden breakglass off <scope> [reason]`';

/** `/warden breakglass …` after the area word; with no words it shows the status. */
export function parseBreakGlassCommand(words: string[]): ParseResult<BreakGlassCommand> {
  const [rawAction, rawScope, ...rest] = words;
  const action = rawAction?.toLowerCase();
  if (!action || action === 'status') return { ok: true, command: { kind: 'status' } };
  if (action !== 'on' && action !== 'off') return { ok: false, message: `Usage: ${USAGE}.` };
  if (!rawScope) return { ok: false, message: `Usage: ${USAGE} (name a scope).` };
  const scope = parseBreakGlassScope(rawScope);
  if (!scope.ok) return { ok: false, message: scope.message };
  const reason = rest.join(' ').trim();
  if (action === 'on') {
    if (reason.length < 3) return { ok: false, message: `Usage: ${USAGE} (say why: the second admin confirms on the reason).` };
    return { ok: true, command: { kind: 'breakglass.on', scope: scope.scope, reason: reason.slice(0, 500) } };
  }
  return { ok: true, command: { kind: 'breakglass.off', scope: scope.scope, reason: reason.slice(0, 500) || 'lifted by an admin' } };
}

/** `/warden status`. */
export function parseStatusCommand(words: string[]): ParseResult<BreakGlassCommand> {
  return words.length ? { ok: false, message: '`/warden status` takes no arguments.' } : { ok: true, command: { kind: 'status' } };
}
