import { PROVIDERS, type AgentRecord } from '../contracts';
import type { AgentRepository } from '../db/repositories/agents';
import type { AuditLog } from '../db/repositories/audit-log';
import type { ProviderPolicyRepository } from '../db/repositories/provider-policies';
import { ERROR_CODES, WardenError } from '../errors';
import { settlePolicies, type AgentFields } from './agent-shape';

export interface RegisterAgentRequest {
  name: string;
  fields: AgentFields;
  /** A Slack user id, or `apikey:<prefix>` for the platform. */
  actor: string;
  via: 'slack' | 'api';
  /** Makes the audit event once per request (a retried activity, a repeated HTTP call with the same id). */
  idempotencyKey: string;
  requestId?: string;
  workflowId?: string;
}

/**
 * The one way an agent enters the registry, from Slack (through a workflow's activity) and from the platform
 * (PUT /v1/agents/{name}): key policies settled against the BYOK-only providers, the record stored, audited.
 */
export function createAgentRegistrar(d: { agents: Pick<AgentRepository, 'put'>; policies: Pick<ProviderPolicyRepository, 'isByokOnly'>; audit: Pick<AuditLog, 'append'> }) {
  return async function registerAgent(r: RegisterAgentRequest): Promise<Omit<AgentRecord, 'updatedAt'> & { created: boolean }> {
    const byokOnly = new Set<(typeof PROVIDERS)[number]>();
    for (const p of PROVIDERS) if (await d.policies.isByokOnly(p)) byokOnly.add(p);
    const settled = settlePolicies(r.fields, byokOnly);
    if (!settled.ok) throw new WardenError(ERROR_CODES.invalidInput, `Agent ${r.name} not saved: ${settled.message}.`);
    const record = {
      name: r.name,
      environment: r.fields.environment,
      ownerTeam: r.fields.ownerTeam,
      teamContact: r.fields.teamContact,
      uses: r.fields.uses,
      keyPolicies: settled.keyPolicies,
      updatedBy: r.actor,
    };
    const { created } = await d.agents.put(record);
    await d.audit.append({
      idempotencyKey: r.idempotencyKey,
      actor: r.actor,
      action: 'agent.registered',
      target: `${r.name}/${r.fields.environment}`,
      outcome: 'succeeded',
      requestId: r.requestId,
      workflowId: r.workflowId,
      details: { via: r.via, created, ownerTeam: record.ownerTeam, teamContact: record.teamContact, uses: record.uses, keyPolicies: record.keyPolicies },
    });
    return { ...record, created };
  };
}

export type AgentRegistrar = ReturnType<typeof createAgentRegistrar>;
