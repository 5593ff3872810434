import { Context } from '@temporalio/activity';
import { escapeMrkdwn, SYSTEM_ACTOR, type ActorProof, type RetentionRunSummary } from '../../lib/contracts';
import { enforceRetention, holdSetOf } from '../../lib/data-rights';
import { plainMessage } from '../../lib/slack/blocks/health-alert';
import { withActivityFailures } from '../activity-failure';
import { auditStepKey } from '../audit/audit-step';
import type { ActivityDeps as D } from '../deps';
import { requireActor } from '../trust/require-actor';

/**
 * One retention run: every record past its record type's retention is deleted or anonymised, in batches,
 * except what a legal hold covers. Only Warden's own schedule may start it. A retry after a crash starts
 * again from what is left, since records already purged are no longer found; the activity heartbeats
 * per batch so a dead worker is noticed in minutes, not at the timeout.
 */
export function createEnforceRetention(d: Pick<D, 'dataRights' | 'actorAssertions' | 'audit' | 'clock' | 'logger' | 'sealedSecrets'>) {
  return async function enforceRetentionRun(input: { proof: ActorProof }): Promise<RetentionRunSummary> {
    await requireActor(d, { proof: input.proof, claimedActor: SYSTEM_ACTOR, target: 'retention' });
    const now = d.clock();
    const holds = holdSetOf(await d.dataRights.legalHolds.listActive());
    const tables = await enforceRetention(d.dataRights.sources, d.dataRights.map, now, holds, {
      pseudonymKey: d.dataRights.pseudonymKey,
      batchSize: d.dataRights.retentionBatchSize,
      onProgress: (progress) => Context.current().heartbeat(progress),
    });
    // Warden's own leftovers too: sealed keys and subject addresses that nothing will open again.
    const leftoverSecrets = await d.sealedSecrets.purgeLeftovers(new Date(now.getTime() - d.dataRights.unclaimedSecretsAfterMs));
    await d.audit.append({
      ...auditStepKey(),
      actor: SYSTEM_ACTOR,
      action: 'retention.enforced',
      target: 'data-map',
      outcome: 'succeeded',
      details: { at: now.toISOString(), holds: { subjects: holds.pseudonyms.size, conversations: holds.conversationIds.size }, tables, leftoverSecrets },
    });
    d.logger.info('Retention enforced', { tables, leftoverSecrets });
    return { at: now.toISOString(), tables, leftoverSecrets };
  };
}

/** The run's counts per table, posted once to the compliance channel. */
export function createPostRetentionReport(d: Pick<D, 'slack'>) {
  return async function postRetentionReport(input: { channel: string; summary: RetentionRunSummary }): Promise<void> {
    const lines = input.summary.tables.map(
      (t) =>
        `• \`${escapeMrkdwn(t.table)}\` (${escapeMrkdwn(t.recordType)}, before ${t.before.slice(0, 10)}): ${t.deleted} deleted, ${t.anonymised} anonymised, ${t.keptLegalHold} kept under legal hold` +
        (t.keptReferenced ? `, ${t.keptReferenced} kept because kept records point at them` : ''),
    );
    const leftovers = input.summary.leftoverSecrets;
    if (leftovers && leftovers.keySubmissions + leftovers.dsarSubjects > 0) {
      lines.push(`• Warden's own leftovers: ${leftovers.keySubmissions} sealed key(s) from forms that never added them, ${leftovers.dsarSubjects} sealed subject address(es) of ended requests`);
    }
    const total = input.summary.tables.reduce((n, t) => n + t.deleted + t.anonymised, 0);
    await d.slack.postMessage({ channel: input.channel, ...plainMessage(`:wastebasket: *Retention run* — ${total} record(s) purged.\n${lines.join('\n')}`) });
  };
}

export function createDataRightsActivities(deps: D) {
  return withActivityFailures({ enforceRetentionRun: createEnforceRetention(deps), postRetentionReport: createPostRetentionReport(deps) });
}

export type DataRightsActivities = ReturnType<typeof createDataRightsActivities>;
