import { quotaPeriod, type QuotaFeature } from '../../contracts/ingestion';
import type { Db } from '../client';

/** The plan every org starts on; its limits live in hosted_plan_limits (seeded by a migration). */
export const DEFAULT_HOSTED_PLAN = 'standard';

export interface ReserveRequest {
  /** One per item and feature: a retried activity presents the same key and is never counted twice. */
  idempotencyKey: string;
  orgId: string;
  feature: QuotaFeature;
  units: number;
  actorSlackId: string;
  itemKey: string;
  now: Date;
  /** After this long a reservation left by a crashed worker is expired and its units freed. */
  ttlMs: number;
}

export type ReserveOutcome =
  /** Units held now, or still held (or already committed) from an earlier attempt with the same key. */
  | { granted: true; state: 'reserved' | 'committed'; units: number }
  | { granted: false; limit: number; used: number; reserved: number };

export interface FeatureUsage {
  feature: QuotaFeature;
  limit: number;
  used: number;
  reserved: number;
  byUser: Array<{ slackUserId: string; units: number }>;
}

export type HostedQuotaRepository = ReturnType<typeof createHostedQuotaRepository>;

type ReserveRow = { has_usage: number; granted: number; held_units: number | null; prior_state: string | null; monthly_limit: number | null; used: number | null; reserved: number | null };

/**
 * Monthly hosted quotas, exact under retries and concurrency. A reservation is ONE statement: it locks the
 * month's usage row, checks used + reserved + n ≤ limit on the row as it is now (not as the statement's snapshot
 * saw it), records the reservation under its idempotency key and raises `reserved`, so parallel callers queue on
 * the row lock and none can overshoot. Commit moves the units to `used`; release gives them back; expiry frees
 * what a crashed worker left. Every statement takes the usage row's lock before the reservation's, so they
 * cannot deadlock one another.
 */
export function createHostedQuotaRepository(db: Db) {
  async function ensureMonth(orgId: string, feature: QuotaFeature, period: string): Promise<void> {
    await db.$executeRaw`
      INSERT INTO hosted_quotas (org_id, feature, plan, monthly_limit)
      SELECT ${orgId}, ${feature}::"QuotaFeature", ${DEFAULT_HOSTED_PLAN},
             COALESCE((SELECT monthly_limit FROM hosted_plan_limits WHERE plan = ${DEFAULT_HOSTED_PLAN} AND feature = ${feature}::"QuotaFeature"), 0)
      ON CONFLICT DO NOTHING`;
    await db.$executeRaw`
      INSERT INTO hosted_usage (org_id, feature, period) VALUES (${orgId}, ${feature}::"QuotaFeature", ${period}) ON CONFLICT DO NOTHING`;
  }

  async function reserveOnce(r: ReserveRequest, period: string): Promise<ReserveRow> {
    const expiresAt = new Date(r.now.getTime() + r.ttlMs);
    const rows = await db.$queryRaw<ReserveRow[]>`
      WITH usage AS (
        SELECT u.used, u.reserved, q.monthly_limit
        FROM hosted_usage u JOIN hosted_quotas q ON q.org_id = u.org_id AND q.feature = u.feature
        WHERE u.org_id = ${r.orgId} AND u.feature = ${r.feature}::"QuotaFeature" AND u.period = ${period}
        FOR UPDATE OF u
      ), fits AS (
        SELECT 1 FROM usage WHERE used + reserved + ${r.units}::int <= monthly_limit
      ), held AS (
        INSERT INTO quota_reservations AS res
          (idempotency_key, org_id, feature, period, units, state, actor_slack_id, item_key, reserved_at, expires_at)
        SELECT ${r.idempotencyKey}, ${r.orgId}, ${r.feature}::"QuotaFeature", ${period}, ${r.units}::int, 'reserved',
               ${r.actorSlackId}, ${r.itemKey}, ${r.now}, ${expiresAt}
        FROM fits
        ON CONFLICT (idempotency_key) DO UPDATE
          SET state = 'reserved', period = EXCLUDED.period, units = EXCLUDED.units,
              reserved_at = EXCLUDED.reserved_at, expires_at = EXCLUDED.expires_at, settled_at = NULL
          WHERE res.state IN ('released', 'expired')
        RETURNING res.units
      ), bumped AS (
        UPDATE hosted_usage u SET reserved = u.reserved + held.units FROM held
        WHERE u.org_id = ${r.orgId} AND u.feature = ${r.feature}::"QuotaFeature" AND u.period = ${period}
        RETURNING u.used
      )
      SELECT (SELECT count(*) FROM usage)::int AS has_usage,
             (SELECT count(*) FROM bumped)::int AS granted,
             (SELECT units FROM held) AS held_units,
             (SELECT state::text FROM quota_reservations WHERE idempotency_key = ${r.idempotencyKey}) AS prior_state,
             (SELECT monthly_limit FROM usage) AS monthly_limit,
             (SELECT used FROM usage) AS used,
             (SELECT reserved FROM usage) AS reserved`;
    return rows[0]!;
  }

  async function priorReservation(key: string): Promise<{ state: string; units: number } | null> {
    const rows = await db.$queryRaw<Array<{ state: string; units: number }>>`
      SELECT state::text AS state, units FROM quota_reservations WHERE idempotency_key = ${key}`;
    return rows[0] ?? null;
  }

  /** Settles one reservation: `to` committed (units become used) or released (units given back). */
  async function settle(key: string, to: 'committed' | 'released', now: Date): Promise<{ prior: string | null; changed: boolean }> {
    const from = to === 'committed' ? ['reserved', 'expired'] : ['reserved'];
    const rows = await db.$queryRaw<Array<{ prior: string | null; changed: number }>>`
      WITH target AS (
        SELECT org_id, feature, period FROM quota_reservations WHERE idempotency_key = ${key}
      ), locked AS (
        SELECT u.org_id FROM hosted_usage u JOIN target t ON t.org_id = u.org_id AND t.feature = u.feature AND t.period = u.period
        FOR UPDATE OF u
      ), prev AS (
        SELECT r.state, r.units, r.org_id, r.feature, r.period FROM quota_reservations r
        WHERE r.idempotency_key = ${key} AND EXISTS (SELECT 1 FROM locked)
        FOR UPDATE OF r
      ), settled AS (
        UPDATE quota_reservations r SET state = ${to}::"ReservationState", settled_at = ${now}
        FROM prev WHERE r.idempotency_key = ${key} AND prev.state::text = ANY(${from})
        RETURNING prev.state::text AS was, prev.units, prev.org_id, prev.feature, prev.period
      ), moved AS (
        UPDATE hosted_usage u
        SET used = u.used + CASE WHEN ${to} = 'committed' THEN s.units ELSE 0 END,
            reserved = u.reserved - CASE WHEN s.was = 'reserved' THEN s.units ELSE 0 END
        FROM settled s WHERE u.org_id = s.org_id AND u.feature = s.feature AND u.period = s.period
        RETURNING u.used
      )
      SELECT (SELECT state::text FROM prev) AS prior, (SELECT count(*) FROM moved)::int AS changed`;
    const row = rows[0]!;
    return { prior: row.prior, changed: row.changed === 1 };
  }

  return {
    async reserve(r: ReserveRequest): Promise<ReserveOutcome> {
      const period = quotaPeriod(r.now);
      let row = await reserveOnce(r, period);
      if (row.has_usage === 0) {
        // First hosted call of the month (or ever) for this org and feature: create its rows, then reserve.
        await ensureMonth(r.orgId, r.feature, period);
        row = await reserveOnce(r, period);
      }
      if (row.granted === 1) return { granted: true, state: 'reserved', units: row.held_units ?? r.units };
      if (row.prior_state === 'reserved' || row.prior_state === 'committed') {
        const prior = await priorReservation(r.idempotencyKey);
        return { granted: true, state: row.prior_state, units: prior?.units ?? r.units };
      }
      // A concurrent call with this very key may have inserted it after this statement's snapshot was taken.
      const prior = row.prior_state === null ? await priorReservation(r.idempotencyKey) : null;
      if (prior && (prior.state === 'reserved' || prior.state === 'committed')) return { granted: true, state: prior.state, units: prior.units };
      return { granted: false, limit: row.monthly_limit ?? 0, used: row.used ?? 0, reserved: row.reserved ?? 0 };
    },

    /** After the hosted call succeeded. Idempotent; a reservation that expired meanwhile still counts once. */
    commit: (key: string, now: Date) => settle(key, 'committed', now),

    /** After the hosted call failed: the units are free again. Idempotent; a committed reservation stays. */
    release: (key: string, now: Date) => settle(key, 'released', now),

    /** Frees reservations older than their expiry (a worker died between reserve and commit). Answers how many. */
    async expireStale(now: Date): Promise<number> {
      const rows = await db.$queryRaw<Array<{ expired: number }>>`
        WITH stale AS (
          SELECT idempotency_key, org_id, feature, period FROM quota_reservations WHERE state = 'reserved' AND expires_at < ${now}
        ), locked AS (
          SELECT u.org_id FROM hosted_usage u
          WHERE (u.org_id, u.feature, u.period) IN (SELECT org_id, feature, period FROM stale)
          FOR UPDATE OF u
        ), gone AS (
          UPDATE quota_reservations r SET state = 'expired', settled_at = ${now}
          WHERE r.idempotency_key IN (SELECT idempotency_key FROM stale) AND r.state = 'reserved' AND EXISTS (SELECT 1 FROM locked)
          RETURNING r.org_id, r.feature, r.period, r.units
        ), freed AS (
          SELECT org_id, feature, period, sum(units)::int AS units, count(*)::int AS n FROM gone GROUP BY org_id, feature, period
        ), applied AS (
          UPDATE hosted_usage u SET reserved = u.reserved - f.units FROM freed f
          WHERE u.org_id = f.org_id AND u.feature = f.feature AND u.period = f.period
          RETURNING f.n
        )
        SELECT COALESCE(sum(n), 0)::int AS expired FROM applied`;
      return rows[0]?.expired ?? 0;
    },

    /** This month's usage per feature with its limit, and who used it (committed units, most first). */
    async usage(orgId: string, features: readonly QuotaFeature[], now: Date): Promise<FeatureUsage[]> {
      const period = quotaPeriod(now);
      for (const feature of features) await ensureMonth(orgId, feature, period);
      const totals = await db.$queryRaw<Array<{ feature: QuotaFeature; limit: number; used: number; reserved: number }>>`
        SELECT q.feature::text AS feature, q.monthly_limit AS "limit", COALESCE(u.used, 0) AS used, COALESCE(u.reserved, 0) AS reserved
        FROM hosted_quotas q LEFT JOIN hosted_usage u ON u.org_id = q.org_id AND u.feature = q.feature AND u.period = ${period}
        WHERE q.org_id = ${orgId}`;
      const users = await db.$queryRaw<Array<{ feature: QuotaFeature; slackUserId: string; units: number }>>`
        SELECT feature::text AS feature, actor_slack_id AS "slackUserId", sum(units)::int AS units
        FROM quota_reservations WHERE org_id = ${orgId} AND period = ${period} AND state = 'committed'
        GROUP BY feature, actor_slack_id ORDER BY units DESC, actor_slack_id`;
      return features.map((feature) => {
        const t = totals.find((row) => row.feature === feature);
        return {
          feature,
          limit: t?.limit ?? 0,
          used: t?.used ?? 0,
          reserved: t?.reserved ?? 0,
          byUser: users.filter((u) => u.feature === feature).map(({ slackUserId, units }) => ({ slackUserId, units })),
        };
      });
    },

    /** Sets an org's monthly limit for a feature; answers the limit it replaced. */
    async setLimit(orgId: string, feature: QuotaFeature, monthlyLimit: number, bySlackId: string, now: Date): Promise<{ previous: number }> {
      await ensureMonth(orgId, feature, quotaPeriod(now));
      const rows = await db.$queryRaw<Array<{ previous: number }>>`
        UPDATE hosted_quotas q SET monthly_limit = ${monthlyLimit}::int, updated_by_slack_id = ${bySlackId}, updated_at = ${now}
        FROM (SELECT org_id, feature, monthly_limit FROM hosted_quotas WHERE org_id = ${orgId} AND feature = ${feature}::"QuotaFeature" FOR UPDATE) prev
        WHERE q.org_id = prev.org_id AND q.feature = prev.feature
        RETURNING prev.monthly_limit AS previous`;
      return { previous: rows[0]?.previous ?? 0 };
    },

    /** One reservation as stored (tests and the item summary use it). */
    reservation: (key: string) =>
      db.quotaReservation.findUnique({ where: { idempotencyKey: key }, select: { state: true, units: true, feature: true, period: true, actorSlackId: true } }),
  };
}
