import { z } from 'zod';
import { apiKeyScopes } from '../../lib/api-keys/scopes';
import type { ApiKeyScopes } from '../../lib/contracts';
import { API_KEY_MODAL_BLOCKS as B } from '../blocks/api-keys';

type Values = Record<string, Record<string, { value?: string | null; selected_options?: Array<{ value: string }> | null }>>;

export interface ApiKeyModalInput {
  name: string;
  scopes: ApiKeyScopes;
  expiresInDays: number | null;
}

const name = z.string().trim().min(1, 'Give the key a name').max(80, 'At most 80 characters');
const days = z.coerce.number({ error: 'A whole number of days' }).int('A whole number of days').min(1, 'At least 1 day').max(3650, 'At most 3650 days');

/** The create modal's state → typed input, or errors per block (shown inline by Slack). */
export function parseApiKeyModal(values: Values): { ok: true; input: ApiKeyModalInput } | { ok: false; errors: Record<string, string> } {
  const text = (block: string) => values[block]?.value?.value?.trim() || '';
  const picked = (block: string) => (values[block]?.value?.selected_options ?? []).map((o) => o.value);
  const errors: Record<string, string> = {};
  const n = name.safeParse(text(B.name));
  if (!n.success) errors[B.name] = n.error.issues[0]!.message;
  const agents = text(B.agents)
    .split(/[\s,]+/)
    .map((a) => a.toLowerCase())
    .filter(Boolean);
  const scopes = apiKeyScopes.safeParse({ actions: picked(B.actions), environments: picked(B.environments), providers: picked(B.providers), agents });
  if (!scopes.success) {
    const blockOf: Record<string, string> = { actions: B.actions, environments: B.environments, providers: B.providers, agents: B.agents };
    for (const issue of scopes.error.issues) errors[blockOf[String(issue.path[0])] ?? B.agents] ??= issue.message;
  }
  const rawDays = text(B.expiresInDays);
  const d = rawDays ? days.safeParse(rawDays) : null;
  if (d && !d.success) errors[B.expiresInDays] = d.error.issues[0]!.message;
  if (Object.keys(errors).length > 0 || !n.success || !scopes.success) return { ok: false, errors };
  return { ok: true, input: { name: n.data, scopes: scopes.data, expiresInDays: d?.success ? d.data : null } };
}
