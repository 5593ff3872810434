import { codeSpan } from '../../lib/contracts';
import { z } from 'zod';
import type { KeyEnvironment, Provider } from '../../lib/contracts';
import { environmentName, providerName } from './provider-names';
import { firstIssue, type ParseResult } from './parse-result';

export type KeysCommand =
  | { kind: 'keys.list' }
  | { kind: 'keys.add' }
  | { kind: 'keys.rotate'; provider: Provider; environment: KeyEnvironment }
  | { kind: 'keys.revoke'; provider: Provider; environment: KeyEnvironment }
  | { kind: 'keys.byok-only'; provider: Provider; byokOnly: boolean };

const slot = z.tuple([providerName, environmentName]);
const onOff = z.enum(['on', 'off'], { error: 'say on or off' });

/** `/warden keys …` after the area word. */
export function parseKeysCommand(words: string[]): ParseResult<KeysCommand> {
  const [rawAction, ...rest] = words;
  const action = rawAction?.toLowerCase();
  if (!action || action === 'list') return { ok: true, command: { kind: 'keys.list' } };
  if (action === 'add') return { ok: true, command: { kind: 'keys.add' } };
  if (action === 'rotate' || action === 'revoke') {
    const parsed = slot.safeParse(rest);
    if (!parsed.success) return { ok: false, message: `Usage: \`/warden keys ${action} <provider> <environment>\` (${firstIssue(parsed.error)}).` };
    const [provider, environment] = parsed.data;
    return { ok: true, command: { kind: action === 'rotate' ? 'keys.rotate' : 'keys.revoke', provider, environment } };
  }
  if (action === 'byok-only') {
    const parsed = z.tuple([providerName, onOff]).safeParse(rest);
    if (!parsed.success) return { ok: false, message: `Usage: \`/warden keys byok-only <provider> on|off\` (${firstIssue(parsed.error)}).` };
    return { ok: true, command: { kind: 'keys.byok-only', provider: parsed.data[0], byokOnly: parsed.data[1] === 'on' } };
  }
  return { ok: false, message: `Unknown keys command ${codeSpan(action)}. Try \`/warden help\`.` };
}
