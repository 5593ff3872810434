import { codeSpan } from '../../lib/contracts';
import type { KeyEnvironment, Provider } from '../../lib/contracts';
import { environmentName, providerName } from './provider-names';
import { firstIssue, type ParseResult } from './parse-result';

export type IncidentCommand =
  | { kind: 'incident.list' }
  | { kind: 'incident.key-leak'; provider: Provider; environment: KeyEnvironment; environmentGiven: boolean }
  | { kind: 'incident.cancel'; incidentId: string };

const INCIDENT_ID = /^inc-[0-9a-f]{8}$/;
const USAGE = 'Usage: `/warden incident key-leak <provider> [environment]`, `/warden incident list` or `/warden incident cancel <incident id>`';

/** `/warden incident …` after the area word. */
export function parseIncidentCommand(words: string[]): ParseResult<IncidentCommand> {
  const [rawAction, ...rest] = words;
  const action = rawAction?.toLowerCase();
  if (action === 'list' && rest.length === 0) return { ok: true, command: { kind: 'incident.list' } };
  if (action === 'key-leak' || action === 'keyleak' || action === 'leak') {
    const usage = (why: string) => ({ ok: false as const, message: `Usage: \`/warden incident key-leak <provider> [environment]\` (${why}).` });
    if (rest.length < 1 || rest.length > 2) return usage('wrong number of arguments');
    const provider = providerName.safeParse(rest[0]);
    if (!provider.success) return usage(firstIssue(provider.error));
    const environment = rest[1] === undefined ? undefined : environmentName.safeParse(rest[1]);
    if (environment && !environment.success) return usage(firstIssue(environment.error));
    return {
      ok: true,
      command: { kind: 'incident.key-leak', provider: provider.data, environment: environment?.data ?? 'production', environmentGiven: environment !== undefined },
    };
  }
  if (action === 'cancel') {
    const id = rest[0]?.toLowerCase();
    if (rest.length !== 1 || !id || !INCIDENT_ID.test(id)) {
      return { ok: false, message: 'Usage: `/warden incident cancel <incident id>` — the id looks like `inc-1a2b3c4d` and is in the incident thread.' };
    }
    return { ok: true, command: { kind: 'incident.cancel', incidentId: id } };
  }
  return { ok: false, message: action ? `Unknown incident command ${codeSpan(action)}. ${USAGE}.` : `${USAGE}.` };
}
