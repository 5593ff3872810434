import type { Db } from '../client';
import type { Role } from '../generated/enums';

export type ReviewOutcome = 'kept' | 'revoked' | 'role_changed' | 'revoked_missed' | 'flagged';

/** A grant this review ended (or must ask its request workflow to end), with what the audit event needs. */
export interface SettledRevocation {
  itemId: string;
  grantId: string;
  memberSlackId: string;
  role: Role;
  actorSlackId: string;
  reason: string;
  /** Set for a time-bound grant owned by a request workflow: that workflow revokes it, so its timer ends. */
  workflowId: string | null;
}

export interface SettledRoleRequest {
  itemId: string;
  memberSlackId: string;
  requesterSlackId: string;
  fromRole: Role;
  role: Role;
  endsAt: Date | null;
}

// The item's outcome, from its decision and the missed-review policy ($policy). One expression, used both to
// pick what to revoke and to record the outcome, so the two cannot disagree.
const OUTCOME = `CASE WHEN i.decision = 'keep' THEN 'kept'
  WHEN i.decision = 'revoke' THEN 'revoked'
  WHEN i.decision = 'change_role' AND i.new_role IS NOT NULL THEN 'role_changed'
  WHEN i.contractor AND $3 = 'revoke-contractors' THEN 'revoked_missed'
  ELSE 'flagged' END`;


const ACTOR = `CASE WHEN ${OUTCOME} = 'revoked_missed' THEN 'warden' ELSE COALESCE(i.decided_by_slack_id, 'warden') END`;
const REASON = `'membership review ' || i.review_id || CASE ${OUTCOME}
  WHEN 'revoked' THEN ': revoked by reviewer'
  WHEN 'role_changed' THEN ': role to change to ' || i.new_role::text || ', on approval'
  ELSE ': contractor not reviewed in time' END`;

/**
 * Closing a review a page at a time in a few set-based statements, whatever the page's size: the outcome of
 * every item in one UPDATE, the revocations in one guarded UPDATE (only grants still approved change, so a
 * repeated page changes nothing twice), and the counts in one aggregate. Nothing per item passes through
 * the process except the few grants that need a message (time-bound ones, admins, role changes).
 */
export function createReviewSettlement(db: Db) {
  return {
    /**
     * Where each page of `limit` items starts (the cursor the settle step takes: null, then every limit-th
     * item id), so pages can be settled side by side.
     */
    async settlePageStarts(reviewId: string, limit: number): Promise<Array<string | null>> {
      const rows = await db.$queryRawUnsafe<Array<{ id: string }>>(
        `SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM review_items WHERE review_id = $1) r WHERE n % $2 = 0 ORDER BY id`,
        reviewId,
        limit,
      );
      return [null, ...rows.map((r) => r.id)];
    },

    /** The page after `afterItemId`: its last id (the next cursor) and size. */
    async settlePage(reviewId: string, afterItemId: string | null, limit: number) {
      const [bounds] = await db.$queryRawUnsafe<Array<{ last: string | null; size: number }>>(
        `SELECT max(id) AS last, count(*)::int AS size
         FROM (SELECT id FROM review_items WHERE review_id = $1 AND ($2::text IS NULL OR id > $2::text) ORDER BY id LIMIT $3) p`,
        reviewId,
        afterItemId,
        limit,
      );
      return { last: bounds?.last ?? null, size: bounds?.size ?? 0 };
    },

    /**
     * Revokes, in one statement, every grant of the page whose outcome removes it and that is still approved
     * and not owned by a running time-bound request (those are answered for the caller to signal). Answers the
     * grants ended by this review in the page: now or by an earlier attempt (same reason), so a retry still
     * audits and reports them; the audit's idempotency keys keep each event single.
     */
    async revokePage(input: { reviewId: string; afterItemId: string | null; lastItemId: string; missedPolicy: string; now: Date }): Promise<SettledRevocation[]> {
      const range = `i.review_id = $1 AND ($2::text IS NULL OR i.id > $2::text) AND i.id <= $4`;
      const removes = `${OUTCOME} IN ('revoked', 'role_changed', 'revoked_missed')`;
      await db.$executeRawUnsafe(
        `UPDATE role_grants g SET status = 'revoked', ended_at = $5, ended_by_slack_id = ${ACTOR}, end_reason = ${REASON}, updated_at = $5
         FROM review_items i
         WHERE ${range} AND ${removes} AND g.id = i.grant_id AND g.status = 'approved'
           AND NOT (g.workflow_id IS NOT NULL AND g.expires_at IS NOT NULL AND g.expires_at > $5)`,
        input.reviewId,
        input.afterItemId,
        input.missedPolicy,
        input.lastItemId,
        input.now,
      );
      return db.$queryRawUnsafe<SettledRevocation[]>(
        `SELECT i.id AS "itemId", g.id AS "grantId", i.member_slack_id AS "memberSlackId", i.role, ${ACTOR} AS "actorSlackId", ${REASON} AS reason,
                CASE WHEN g.status = 'approved' THEN g.workflow_id END AS "workflowId"
         FROM review_items i JOIN role_grants g ON g.id = i.grant_id
         WHERE ${range} AND ${removes}
           AND ((g.status = 'revoked' AND g.end_reason = ${REASON})
             OR (g.status = 'approved' AND g.workflow_id IS NOT NULL AND g.expires_at IS NOT NULL AND g.expires_at > $5))
         ORDER BY i.id`,
        input.reviewId,
        input.afterItemId,
        input.missedPolicy,
        input.lastItemId,
        input.now,
      );
    },

    /** Records every item's outcome in the page and answers the counts per outcome. */
    async recordPageOutcomes(input: { reviewId: string; afterItemId: string | null; lastItemId: string; missedPolicy: string }): Promise<Record<ReviewOutcome, number>> {
      const range = `i.review_id = $1 AND ($2::text IS NULL OR i.id > $2::text) AND i.id <= $4`;
      const rows = await db.$queryRawUnsafe<Array<{ outcome: ReviewOutcome; n: number }>>(
        `WITH settled AS (UPDATE review_items i SET outcome = ${OUTCOME} WHERE ${range} RETURNING i.outcome)
         SELECT outcome, count(*)::int AS n FROM settled GROUP BY outcome`,
        input.reviewId,
        input.afterItemId,
        input.missedPolicy,
        input.lastItemId,
      );
      const counts: Record<ReviewOutcome, number> = { kept: 0, revoked: 0, role_changed: 0, revoked_missed: 0, flagged: 0 };
      for (const r of rows) counts[r.outcome] = r.n;
      return counts;
    },

    /** "Change role" decisions after `afterItemId` (by id), `limit` of them: each becomes an access request for the new role. */
    roleRequestsAfter(reviewId: string, afterItemId: string | null, limit: number): Promise<SettledRoleRequest[]> {
      return db.$queryRawUnsafe<SettledRoleRequest[]>(
        `SELECT i.id AS "itemId", i.member_slack_id AS "memberSlackId", i.decided_by_slack_id AS "requesterSlackId", i.role AS "fromRole", i.new_role AS role, g.expires_at AS "endsAt"
         FROM review_items i LEFT JOIN role_grants g ON g.id = i.grant_id
         WHERE i.review_id = $1 AND ($2::text IS NULL OR i.id > $2::text)
           AND i.decision = 'change_role' AND i.new_role IS NOT NULL AND i.decided_by_slack_id IS NOT NULL
         ORDER BY i.id
         LIMIT $3`,
        reviewId,
        afterItemId,
        limit,
      );
    },
  };
}
