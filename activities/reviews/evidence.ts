import { createHash } from 'node:crypto';
import type { ReviewTally } from '../../lib/contracts';
import { auditStepKey } from '../audit/audit-step';
import type { ActivityDeps } from '../deps';

const PAGE = 5000;
const COLUMNS = ['member_slack_id', 'member_email', 'role', 'contractor', 'inactive', 'reviewer_slack_id', 'decision', 'new_role', 'decided_by', 'decided_at', 'outcome'];

// RFC 4180: quote a field holding a comma, quote or line break, doubling the quotes inside.
const csvField = (v: unknown) => {
  const s = v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/**
 * The evidence report (CSV and JSON) tied to the audit log: it names the audit chain's head hash at
 * close, and an audit event then records the report's sha256, so neither can change unnoticed.
 */
export function createCloseReview(d: Pick<ActivityDeps, 'reviews' | 'audit' | 'clock'>) {
  return async function closeReview(input: { reviewId: string; tally: ReviewTally }): Promise<{ evidenceSha256: string; auditHeadHash: string }> {
    const existing = await d.reviews.evidence(input.reviewId);
    if (existing?.status === 'closed' && existing.evidenceSha256 && existing.auditHeadHash) {
      return { evidenceSha256: existing.evidenceSha256, auditHeadHash: existing.auditHeadHash };
    }
    const review = await d.reviews.get(input.reviewId);
    const closedAt = d.clock();
    const auditHeadHash = await d.reviews.auditHeadHash();
    const lines = [COLUMNS.join(',')];
    const rows: unknown[] = [];
    for (let after: string | null = null; ; ) {
      const items = await d.reviews.itemsAfter(input.reviewId, after, PAGE);
      for (const i of items) {
        const row = [i.memberSlackId, i.memberEmail, i.role, i.contractor, i.inactive, i.reviewerSlackId, i.decision ?? 'none', i.newRole, i.decidedBySlackId, i.decidedAt, i.outcome];
        lines.push(row.map(csvField).join(','));
        rows.push(Object.fromEntries(COLUMNS.map((c, n) => [c, row[n] instanceof Date ? (row[n] as Date).toISOString() : (row[n] ?? null)])));
      }
      if (items.length < PAGE) break;
      after = items[items.length - 1]!.id;
    }
    const csv = `${lines.join('\r\n')}\r\n`;
    const json = JSON.stringify({
      reviewId: input.reviewId,
      openedAt: review?.openedAt,
      deadline: review?.deadline,
      closedAt,
      auditHeadHash,
      csvSha256: sha256(csv),
      tally: input.tally,
      items: rows,
    });
    const evidenceSha256 = sha256(json);
    await d.reviews.close(input.reviewId, { csv, json, sha256: evidenceSha256, auditHeadHash }, closedAt);
    await d.audit.append({
      ...auditStepKey(),
      actor: 'warden',
      action: 'review.closed',
      target: input.reviewId,
      outcome: 'succeeded',
      details: { evidenceJsonSha256: evidenceSha256, evidenceCsvSha256: sha256(csv), auditHeadHash, items: rows.length, tally: input.tally },
    });
    return { evidenceSha256, auditHeadHash };
  };
}
