import { codeSpan } from '../../lib/contracts';
import { parseAccessCommand, type AccessCommand } from './access-command';
import { parseBreakGlassCommand, parseStatusCommand, type BreakGlassCommand } from './break-glass-command';
import { parseDsarCommand, type DsarCommand } from './dsar-command';
import { parseIncidentCommand, type IncidentCommand } from './incident-command';
import { parseIngestCommand, parseUsageCommand, type IngestCommand } from './ingest-command';
import { parseKeysCommand, type KeysCommand } from './keys-command';
import type { ParseResult } from './parse-result';
import { parseAgentsCommand, type AgentsCommand } from './agents-command';
import { parseApiKeysCommand, type ApiKeysCommand } from './apikeys-command';

// One union member and one AREAS entry per command area; each area parses its own words.
export type WardenCommand = { kind: 'help' } | KeysCommand | AccessCommand | BreakGlassCommand | IncidentCommand | IngestCommand | DsarCommand | AgentsCommand | ApiKeysCommand;

export type ParsedCommand = ParseResult<WardenCommand>;

const AREAS: Record<string, (words: string[]) => ParsedCommand> = {
  keys: parseKeysCommand,
  access: parseAccessCommand,
  breakglass: parseBreakGlassCommand,
  status: parseStatusCommand,
  incident: parseIncidentCommand,
  ingest: parseIngestCommand,
  usage: parseUsageCommand,
  dsar: parseDsarCommand,
  agents: parseAgentsCommand,
  apikeys: parseApiKeysCommand,
};

/** Turns the text after `/warden` into a command, or a message saying exactly what is wrong. */
export function parseWardenCommand(text: string): ParsedCommand {
  const [first, ...rest] = text.trim().split(/\s+/).filter(Boolean);
  const area = first?.toLowerCase();
  if (!area || area === 'help') return { ok: true, command: { kind: 'help' } };
  const parse = AREAS[area];
  if (!parse) return { ok: false, message: `Unknown command ${codeSpan(area)}. Try \`/warden help\`.` };
  return parse(rest);
}
