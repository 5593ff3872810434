import type { Db } from '../client';

export interface KeyHealthCheckRow {
  keyId: string;
  at: Date;
  outcome: string;
  latencyMs: number;
  detail: string;
}

export interface KeyAlertStateView {
  keyId: string;
  alerting: boolean;
  verdict: string | null;
  alertedAt: Date | null;
  recoveredAt: Date | null;
}

export type KeyHealthRepository = ReturnType<typeof createKeyHealthRepository>;

/** Stored health-check results, the per-key alert state, and the log of on-call notices already sent. */
export function createKeyHealthRepository(db: Db) {
  return {
    async recordCheck(row: KeyHealthCheckRow): Promise<void> {
      await db.keyHealthCheck.create({ data: { ...row, latencyMs: Math.round(row.latencyMs), detail: row.detail.slice(0, 1000) } });
    },

    /** Newest first. */
    async recentChecks(keyId: string, limit = 20): Promise<KeyHealthCheckRow[]> {
      return db.keyHealthCheck.findMany({
        where: { keyId },
        orderBy: { at: 'desc' },
        take: limit,
        select: { keyId: true, at: true, outcome: true, latencyMs: true, detail: true },
      });
    },

    async alertState(keyId: string): Promise<KeyAlertStateView | null> {
      return db.keyAlertState.findUnique({
        where: { keyId },
        select: { keyId: true, alerting: true, verdict: true, alertedAt: true, recoveredAt: true },
      });
    },

    async setAlerting(keyId: string, verdict: string, now: Date): Promise<void> {
      await db.keyAlertState.upsert({
        where: { keyId },
        create: { keyId, alerting: true, verdict, alertedAt: now },
        update: { alerting: true, verdict, alertedAt: now },
      });
    },

    async setRecovered(keyId: string, now: Date): Promise<void> {
      await db.keyAlertState.updateMany({ where: { keyId }, data: { alerting: false, recoveredAt: now } });
    },

    async noticeSent(noticeKey: string): Promise<boolean> {
      return (await db.onCallNotice.findUnique({ where: { noticeKey }, select: { noticeKey: true } })) !== null;
    },

    /** Idempotent: recording the same notice twice keeps the first. */
    async recordNotice(n: { noticeKey: string; kind: string; keyId?: string | null; sentAt: Date }): Promise<void> {
      await db.onCallNotice.createMany({ data: [{ noticeKey: n.noticeKey, kind: n.kind, keyId: n.keyId ?? null, sentAt: n.sentAt }], skipDuplicates: true });
    },
  };
}
