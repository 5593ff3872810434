import { z } from 'zod';
import type { KeyEnvironment, Provider } from '../../lib/contracts';
import { environmentName, providerName } from './provider-names';

export type WardenCommand =
  | { kind: 'help' }
  | { kind: 'keys.list' }
  | { kind: 'keys.add' }
  | { kind: 'keys.rotate'; provider: Provider; environment: KeyEnvironment }
  | { kind: 'keys.revoke'; provider: Provider; environment: KeyEnvironment }
  | { kind: 'keys.byok-only'; provider: Provider; byokOnly: boolean };

export type ParsedCommand = { ok: true; command: WardenCommand } | { ok: false; message: string };

const slot = z.tuple([providerName, environmentName]);
const onOff = z.enum(['on', 'off'], { error: 'say on or off' });

/** Turns the text after `/warden` into a command, or a message saying exactly what is wrong. */
export function parseWardenCommand(text: string): ParsedCommand {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const [area, action, ...rest] = words.map((w, i) => (i < 2 ? w.toLowerCase() : w));
  if (!area || area === 'help') return { ok: true, command: { kind: 'help' } };
  if (area !== 'keys') return { ok: false, message: `Unknown command \`${area}\`. Try \`/warden help\`.` };
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
  return { ok: false, message: `Unknown keys command \`${action}\`. Try \`/warden help\`.` };
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid arguments';
  if (issue.code === 'too_small' || issue.code === 'too_big' || issue.code === 'invalid_type') return 'wrong number of arguments';
  return issue.message;
}
