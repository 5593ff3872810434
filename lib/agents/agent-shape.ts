import { z } from 'zod';
import {
  AGENT_KEY_POLICIES,
  AGENT_USES,
  KEY_ENVIRONMENTS,
  PROVIDER_LABELS,
  PROVIDERS,
  type AgentKeyPolicy,
  type AgentRecord,
  type Provider,
} from '../contracts';
import { isSlackUserId } from '../contracts/slack-ids';

/** Agent names as the platform uses them in URLs and CSV: short, no spaces, no markup. */
export const agentName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'agent names are lowercase letters, digits, dot, dash or underscore (at most 63)');

const modelUse = z.object({
  provider: z.enum(PROVIDERS, { error: `provider must be one of ${PROVIDERS.join(', ')}` }),
  model: z.string().trim().min(1, 'model is required').max(100),
});

/** The body of `PUT /v1/agents/{name}` and the fields of `/warden agents set`. */
export const agentFields = z.object({
  environment: z.enum(KEY_ENVIRONMENTS, { error: `environment must be one of ${KEY_ENVIRONMENTS.join(', ')}` }),
  ownerTeam: z.string().trim().min(1, 'ownerTeam is required').max(80),
  teamContact: z
    .string()
    .refine(isSlackUserId, 'teamContact must be a Slack user id (U…)')
    .nullish()
    .transform((v) => v ?? null),
  uses: z
    .object(Object.fromEntries(AGENT_USES.map((u) => [u, modelUse.optional()])) as Record<(typeof AGENT_USES)[number], z.ZodOptional<typeof modelUse>>)
    .strict()
    .refine((u) => Object.values(u).some(Boolean), 'an agent uses at least one of chat, embeddings, vision, transcription'),
  keyPolicies: z.partialRecord(z.enum(PROVIDERS), z.enum(AGENT_KEY_POLICIES, { error: `policy must be one of ${AGENT_KEY_POLICIES.join(', ')}` })).default({}),
});

export type AgentFields = z.output<typeof agentFields>;

/**
 * Each provider the agent uses gets a policy: the one given, else `org_required` for a BYOK-only provider and
 * `org_preferred` otherwise. A BYOK-only provider refuses any policy that would use a hosted key, so the
 * registry can never promise a fallback that key resolution would refuse.
 */
export function settlePolicies(
  fields: Pick<AgentFields, 'uses' | 'keyPolicies'>,
  byokOnly: ReadonlySet<Provider>,
): { ok: true; keyPolicies: Partial<Record<Provider, AgentKeyPolicy>> } | { ok: false; message: string } {
  const used = [...new Set(Object.values(fields.uses).flatMap((u) => (u ? [u.provider] : [])))].sort();
  const extra = Object.keys(fields.keyPolicies).filter((p) => !used.includes(p as Provider));
  if (extra.length) return { ok: false, message: `key policies are set for providers the agent does not use: ${extra.join(', ')}` };
  const keyPolicies: Partial<Record<Provider, AgentKeyPolicy>> = {};
  for (const p of used) {
    const given = fields.keyPolicies[p];
    if (byokOnly.has(p) && given && given !== 'org_required') {
      return { ok: false, message: `${PROVIDER_LABELS[p]} is BYOK-only, so its key policy must be org_required (not ${given})` };
    }
    keyPolicies[p] = given ?? (byokOnly.has(p) ? 'org_required' : 'org_preferred');
  }
  return { ok: true, keyPolicies };
}

/** The providers an agent calls, each with the uses it calls it for. */
export function providersOf(agent: Pick<AgentRecord, 'uses'>): Map<Provider, string[]> {
  const out = new Map<Provider, string[]>();
  for (const use of AGENT_USES) {
    const u = agent.uses[use];
    if (u) out.set(u.provider, [...(out.get(u.provider) ?? []), `${use} ${u.model}`]);
  }
  return out;
}
