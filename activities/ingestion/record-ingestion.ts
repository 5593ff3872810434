import type { ActorProof, IngestKnowledgeResult, QuotaFeature } from '../../lib/contracts';
import { QUOTA_FEATURE_LABELS, QUOTA_UNITS } from '../../lib/contracts';
import { auditStepKey } from '../audit/audit-step';
import { requireOrgAdmin } from '../audit/require-org-admin';
import type { ActivityDeps } from '../deps';
import { requireActor } from '../trust/require-actor';

/** The audit trail of ingestions and of hosted-quota limits. */
export function createIngestionRecords(d: Pick<ActivityDeps, 'audit' | 'actorAssertions' | 'members' | 'hostedQuotas' | 'clock'>) {
  return {
    async recordIngestion(input: { requestId: string; actorSlackId: string; result: IngestKnowledgeResult }): Promise<void> {
      const count = (s: string) => input.result.outcomes.filter((o) => o.status === s).length;
      await d.audit.append({
        ...auditStepKey(),
        actor: input.actorSlackId,
        action: 'ingestion.finished',
        target: 'ingestion',
        outcome: input.result.stoppedBy ? 'stopped' : 'succeeded',
        requestId: input.requestId,
        details: {
          items: input.result.outcomes.length,
          done: count('done'),
          partial: count('partial'),
          failed: count('failed'),
          notStarted: count('not_started'),
          hostedUnits: input.result.outcomes.flatMap((o) => o.costs).filter((c) => c.payer === 'hosted').reduce((n, c) => n + c.units, 0),
          ...(input.result.stoppedBy ? { stoppedBy: input.result.stoppedBy.scope } : {}),
        },
      });
    },

    /** An admin sets an org's monthly hosted limit for a feature; audited with the old and the new value. */
    async setHostedQuotaLimit(input: { proof: ActorProof; requestId: string; actorSlackId: string; orgId: string; feature: QuotaFeature; monthlyLimit: number }): Promise<{ previous: number; text: string }> {
      const target = `quota:${input.feature}`;
      await requireActor(d, { proof: input.proof, claimedActor: input.actorSlackId, target, requestId: input.requestId });
      await requireOrgAdmin(d, { actorSlackId: input.actorSlackId, action: 'quota.limit_set', target, requestId: input.requestId }, 'Only org admins can change hosted quota limits.');
      const { previous } = await d.hostedQuotas.setLimit(input.orgId, input.feature, input.monthlyLimit, input.actorSlackId, d.clock());
      await d.audit.append({
        ...auditStepKey(),
        actor: input.actorSlackId,
        action: 'quota.limit_set',
        target,
        outcome: 'succeeded',
        requestId: input.requestId,
        details: { orgId: input.orgId, previous, monthlyLimit: input.monthlyLimit },
      });
      const units = QUOTA_UNITS[input.feature];
      return { previous, text: `${QUOTA_FEATURE_LABELS[input.feature]}: the monthly hosted limit is now ${input.monthlyLimit} ${units} (was ${previous}).` };
    },
  };
}
