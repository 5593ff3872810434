import type { ErasureOutcome, SlackMessageRef } from '../../lib/contracts';
import { erasureReportText } from '../../lib/slack/blocks/erasure-report';
import { auditStepKey } from '../audit/audit-step';
import type { ActivityDeps } from '../deps';
import type { DsarServices } from './dsar-services';
import { openApprovedSubject, subjectTarget } from './subject';

type Deps = Pick<ActivityDeps, 'audit' | 'slack' | 'sealedSecrets' | 'sealer'> & { dsar: DsarServices };

export function createEraseActivities(d: Deps) {
  return {
    /**
     * Erases the subject's records per the data map (lib/data-rights eraseSubject: held and retention-required
     * records stay). Safe to retry: erased rows no longer match. The audit event carries counts and the
     * subject's pseudonym, never an identifier.
     */
    async eraseDsarSubject(input: { requestId: string }): Promise<ErasureOutcome> {
      const subject = await openApprovedSubject(d, input.requestId);
      const report = await d.dsar.eraseSubject(subject);
      const outcome: ErasureOutcome = { subjectHeld: report.subjectHeld, tables: report.tables, totals: report.totals };
      await d.audit.append({
        ...auditStepKey(),
        actor: 'warden',
        action: 'dsar.erase.applied',
        target: subjectTarget(d.dsar.pseudonym(subject)),
        outcome: 'succeeded',
        requestId: input.requestId,
        details: { subjectHeld: report.subjectHeld, totals: report.totals, tables: report.tables.map((t) => ({ table: t.table, erased: t.erased, nulled: t.nulled, pseudonymised: t.pseudonymised, kept: t.kept })) },
      });
      return outcome;
    },

    async postErasureReport(input: { thread: SlackMessageRef; report: ErasureOutcome }): Promise<SlackMessageRef> {
      return d.slack.postMessage({ channel: input.thread.channel, threadTs: input.thread.ts, text: erasureReportText(input.report) });
    },
  };
}
