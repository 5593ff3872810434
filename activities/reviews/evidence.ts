import { Context } from '@temporalio/activity';
import { createHash, type Hash } from 'node:crypto';
import type { ReviewTally } from '../../lib/contracts';
import type { EvidenceFormat, ReviewItemView } from '../../lib/db';
import { auditStepKey } from '../audit/audit-step';
import type { ActivityDeps } from '../deps';

// Items per evidence chunk: a page's rows and text are the most the close holds at once.
const PAGE = 2000;
const COLUMNS = ['member_slack_id', 'member_email', 'role', 'contractor', 'inactive', 'reviewer_slack_id', 'decision', 'new_role', 'decided_by', 'decided_at', 'outcome'];

// RFC 4180: quote a field holding a comma, quote or line break, doubling the quotes inside.
const csvField = (v: unknown) => {
  const s = v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const cells = (i: ReviewItemView) => [i.memberSlackId, i.memberEmail, i.role, i.contractor, i.inactive, i.reviewerSlackId, i.decision ?? 'none', i.newRole, i.decidedBySlackId, i.decidedAt, i.outcome];
const csvLine = (i: ReviewItemView) => cells(i).map(csvField).join(',');
const jsonRow = (i: ReviewItemView) => JSON.stringify(Object.fromEntries(cells(i).map((v, n) => [COLUMNS[n], v instanceof Date ? v.toISOString() : (v ?? null)])));

const heartbeat = () => {
  try {
    Context.current().heartbeat();
  } catch {
    // Outside an activity: nothing to report to.
  }
};

/**
 * The evidence report (CSV and JSON) tied to the audit log: it names the audit chain's head hash at close,
 * and an audit event then records the report's sha256, so neither can change unnoticed. Written as a stream:
 * a page of items becomes one stored chunk and feeds the hash, so memory stays flat at any review size; the
 * download serves the same chunks (bytes whose hash was audited).
 */
export function createCloseReview(d: Pick<ActivityDeps, 'reviews' | 'audit' | 'clock'>) {
  /** Writes one format's chunks, each page of items through `line`, and answers its sha256 and item count. */
  async function writeFormat(reviewId: string, format: EvidenceFormat, head: string, line: (i: ReviewItemView) => string, separator: string, tail: (count: number) => string) {
    const hash: Hash = createHash('sha256');
    let seq = 0;
    let count = 0;
    const write = async (body: string) => {
      hash.update(body, 'utf8');
      await d.reviews.writeEvidenceChunk(reviewId, format, seq++, body);
    };
    await write(head);
    for (let after: string | null = null; ; ) {
      const items = await d.reviews.itemsAfter(reviewId, after, PAGE);
      if (items.length) await write((count ? separator : '') + items.map(line).join(separator));
      count += items.length;
      heartbeat();
      if (items.length < PAGE) break;
      after = items[items.length - 1]!.id;
    }
    await write(tail(count));
    return { sha256: hash.digest('hex'), count };
  }

  return async function closeReview(input: { reviewId: string; tally: ReviewTally }): Promise<{ evidenceSha256: string; auditHeadHash: string }> {
    const existing = await d.reviews.evidenceHeader(input.reviewId);
    if (existing?.status === 'closed' && existing.evidenceSha256 && existing.auditHeadHash) {
      return { evidenceSha256: existing.evidenceSha256, auditHeadHash: existing.auditHeadHash };
    }
    const review = await d.reviews.get(input.reviewId);
    const closedAt = d.clock();
    const auditHeadHash = await d.reviews.auditHeadHash();
    await d.reviews.clearEvidence(input.reviewId);

    const csv = await writeFormat(input.reviewId, 'csv', `${COLUMNS.join(',')}\r\n`, csvLine, '\r\n', (count) => (count ? '\r\n' : ''));
    // The JSON names the CSV's hash, so it is written second; its items close the object.
    const header = JSON.stringify({ reviewId: input.reviewId, openedAt: review?.openedAt, deadline: review?.deadline, closedAt, auditHeadHash, csvSha256: csv.sha256, tally: input.tally });
    const json = await writeFormat(input.reviewId, 'json', `${header.slice(0, -1)},"items":[`, jsonRow, ',', () => ']}');

    await d.reviews.closeWithEvidence(input.reviewId, { jsonSha256: json.sha256, csvSha256: csv.sha256, auditHeadHash }, closedAt);
    await d.audit.append({
      ...auditStepKey(),
      actor: 'warden',
      action: 'review.closed',
      target: input.reviewId,
      outcome: 'succeeded',
      details: { evidenceJsonSha256: json.sha256, evidenceCsvSha256: csv.sha256, auditHeadHash, items: json.count, tally: input.tally },
    });
    return { evidenceSha256: json.sha256, auditHeadHash };
  };
}
