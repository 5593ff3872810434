import type { Db } from '../client';
import type { Prisma } from '../generated/client';
import type { Role } from '../generated/enums';
import { createReviewEvidenceStore } from './review-evidence';
import { createReviewSettlement } from './review-settlement';

export type ReviewDecision = 'keep' | 'revoke' | 'change_role';
export type ReviewRepository = ReturnType<typeof createReviewRepository>;

const itemSelect = {
  id: true,
  reviewId: true,
  grantId: true,
  memberSlackId: true,
  memberEmail: true,
  role: true,
  contractor: true,
  inactive: true,
  reviewerSlackId: true,
  priority: true,
  decision: true,
  newRole: true,
  decidedBySlackId: true,
  decidedAt: true,
  outcome: true,
} as const satisfies Prisma.ReviewItemSelect;

export type ReviewItemView = Prisma.ReviewItemGetPayload<{ select: typeof itemSelect }>;

/** Membership reviews: snapshot, decisions and outcomes, read and written a batch at a time so 100,000 members fit. */
export function createReviewRepository(db: Db) {
  const inForce = (now: Date): Prisma.RoleGrantWhereInput => ({ status: 'approved', OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] });

  return {
    ...createReviewSettlement(db),
    ...createReviewEvidenceStore(db),

    async open(id: string, deadline: Date): Promise<void> {
      await db.review.createMany({ data: [{ id, status: 'open', deadline }], skipDuplicates: true });
    },

    get: (id: string) =>
      db.review.findUnique({
        where: { id },
        select: { id: true, status: true, openedAt: true, deadline: true, closedAt: true, memberCount: true, itemCount: true, evidenceSha256: true, auditHeadHash: true },
      }),

    /** People who hold admin now: reviewers for members without a manager. */
    async adminSlackIds(now: Date): Promise<string[]> {
      const rows = await db.member.findMany({ where: { grants: { some: { role: 'admin', ...inForce(now) } } }, select: { slackUserId: true }, orderBy: { slackUserId: 'asc' } });
      return rows.map((r) => r.slackUserId);
    },

    /**
     * Snapshots the next `limit` members (by id, after `afterMemberId`) and their grants in force, in one
     * INSERT … SELECT so 100,000 members never pass through this process. Reviewer: the member's manager,
     * else an admin other than the member (spread by hash), else the only admin. Safe to repeat: items are
     * unique per review and grant.
     */
    async snapshotBatch(input: { reviewId: string; afterMemberId: string | null; limit: number; now: Date; inactiveBefore: Date; admins: string[] }) {
      const page = await db.member.findMany({
        where: input.afterMemberId ? { id: { gt: input.afterMemberId } } : {},
        orderBy: { id: 'asc' },
        take: input.limit,
        select: { id: true },
      });
      if (page.length === 0) return { nextCursor: null, members: 0, items: 0 };
      const first = page[0]!.id;
      const last = page[page.length - 1]!.id;
      const items = await db.$executeRaw`
        INSERT INTO review_items (id, review_id, grant_id, member_slack_id, member_email, role, contractor, inactive, reviewer_slack_id, priority)
        SELECT gen_random_uuid()::text, ${input.reviewId}, g.id, m.slack_user_id, m.email, g.role, m.contractor,
               (m.last_active_at IS NULL OR m.last_active_at < ${input.inactiveBefore}),
               COALESCE(
                 CASE WHEN mgr.slack_user_id <> m.slack_user_id THEN mgr.slack_user_id END,
                 (SELECT a FROM unnest(${input.admins}::text[]) AS a WHERE a <> m.slack_user_id ORDER BY md5(m.id || a) LIMIT 1),
                 (${input.admins}::text[])[1],
                 'unassigned'),
               CASE WHEN m.contractor THEN 0 WHEN (m.last_active_at IS NULL OR m.last_active_at < ${input.inactiveBefore}) THEN 1 ELSE 2 END
        FROM members m
        JOIN role_grants g ON g.member_id = m.id AND g.status = 'approved' AND (g.expires_at IS NULL OR g.expires_at > ${input.now})
        LEFT JOIN members mgr ON mgr.id = m.manager_id
        WHERE m.id >= ${first} AND m.id <= ${last}
        ON CONFLICT (review_id, grant_id) DO NOTHING`;
      return { nextCursor: page.length === input.limit ? last : null, members: page.length, items };
    },

    /** Where each page of `limit` members starts (null, then every limit-th member id), so pages can be snapshotted side by side. */
    async memberPageStarts(limit: number): Promise<Array<string | null>> {
      const rows = await db.$queryRaw<Array<{ id: string }>>`
        SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM members) r WHERE n % ${limit} = 0 ORDER BY id`;
      return [null, ...rows.map((r) => r.id)];
    },

    async finishSnapshot(reviewId: string): Promise<{ memberCount: number; itemCount: number; reviewerCount: number }> {
      // One aggregate in SQL: at 100,000 items, grouping rows in the client would cost seconds and gigabytes.
      const [row] = await db.$queryRaw<Array<{ items: number; members: number; reviewers: number }>>`
        SELECT count(*)::int AS items, count(DISTINCT member_slack_id)::int AS members, count(DISTINCT reviewer_slack_id)::int AS reviewers
        FROM review_items WHERE review_id = ${reviewId}`;
      const counts = { itemCount: row?.items ?? 0, memberCount: row?.members ?? 0, reviewerCount: row?.reviewers ?? 0 };
      await db.review.update({ where: { id: reviewId }, data: { itemCount: counts.itemCount, memberCount: counts.memberCount } });
      return counts;
    },

    /** Reviewers after `after` (alphabetical), with how many of their items are (still undecided, if asked). */
    async reviewerPage(reviewId: string, after: string | null, limit: number, onlyUndecided: boolean): Promise<Array<{ reviewerSlackId: string; count: number }>> {
      return db.$queryRaw<Array<{ reviewerSlackId: string; count: number }>>`
        SELECT reviewer_slack_id AS "reviewerSlackId", count(*)::int AS count
        FROM review_items
        WHERE review_id = ${reviewId}
          AND (${after}::text IS NULL OR reviewer_slack_id > ${after}::text)
          AND (NOT ${onlyUndecided}::boolean OR decision IS NULL)
        GROUP BY reviewer_slack_id
        ORDER BY reviewer_slack_id
        LIMIT ${limit}`;
    },

    /**
     * Where each page of `limit` reviewers starts (the cursor `reviewerPage` takes: null, then every limit-th
     * reviewer), so pages can be worked on side by side.
     */
    async reviewerPageStarts(reviewId: string, limit: number): Promise<Array<string | null>> {
      const rows = await db.$queryRaw<Array<{ reviewer: string }>>`
        SELECT reviewer FROM (
          SELECT reviewer_slack_id AS reviewer, row_number() OVER (ORDER BY reviewer_slack_id) AS n
          FROM (SELECT DISTINCT reviewer_slack_id FROM review_items WHERE review_id = ${reviewId}) d
        ) r
        WHERE n % ${limit} = 0
        ORDER BY reviewer`;
      return [null, ...rows.map((r) => r.reviewer)];
    },

    /** A reviewer's items, riskiest first (contractors, then long-inactive). */
    itemsForReviewer: (reviewId: string, reviewerSlackId: string) =>
      db.reviewItem.findMany({ where: { reviewId, reviewerSlackId }, select: itemSelect, orderBy: [{ priority: 'asc' }, { memberSlackId: 'asc' }, { role: 'asc' }] }),

    getItem: (id: string) => db.reviewItem.findUnique({ where: { id }, select: itemSelect }),

    /** Records (or changes) a decision while the review is open; answers null once it has closed. */
    async decide(input: { itemId: string; decision: ReviewDecision; newRole: Role | null; bySlackId: string; now: Date }): Promise<ReviewItemView | null> {
      const changed = await db.reviewItem.updateMany({
        where: { id: input.itemId, review: { status: 'open' } },
        data: { decision: input.decision, newRole: input.newRole, decidedBySlackId: input.bySlackId, decidedAt: input.now },
      });
      return changed.count ? db.reviewItem.findUnique({ where: { id: input.itemId }, select: itemSelect }) : null;
    },

    async progress(reviewId: string): Promise<{ total: number; decided: number }> {
      const [total, decided] = await Promise.all([db.reviewItem.count({ where: { reviewId } }), db.reviewItem.count({ where: { reviewId, decision: { not: null } } })]);
      return { total, decided };
    },

    /** A page of items by id: the evidence is written a page at a time. */
    itemsAfter: (reviewId: string, afterItemId: string | null, limit: number) =>
      db.reviewItem.findMany({ where: { reviewId, ...(afterItemId ? { id: { gt: afterItemId } } : {}) }, select: itemSelect, orderBy: { id: 'asc' }, take: limit }),

    /** A review closed before its evidence was stored in chunks kept it whole here; the download still serves it. */
    evidence: (reviewId: string) =>
      db.review.findUnique({ where: { id: reviewId }, select: { status: true, evidenceCsv: true, evidenceJson: true, evidenceSha256: true, auditHeadHash: true } }),

    /** The audit chain's newest hash: the evidence names it so the report is tied to the log. */
    async auditHeadHash(): Promise<string> {
      const head = await db.auditEvent.findFirst({ orderBy: { seq: 'desc' }, select: { hash: true } });
      return head?.hash ?? '0'.repeat(64);
    },
  };
}
