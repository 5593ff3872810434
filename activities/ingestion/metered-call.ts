import type { KeyPayer, QuotaFeature } from '../../lib/contracts';
import type { ActivityDeps } from '../deps';

export interface Metering {
  orgId: string;
  feature: QuotaFeature;
  units: number;
  itemKey: string;
  actorSlackId: string;
}

export type MeteredOutcome<T> = { ok: true; value: T } | { ok: false; limit: number; used: number };

/**
 * Runs a Gemini call under the right account. With the org's own key nothing is metered. With the hosted key,
 * units are reserved first (one conditional statement, keyed per item and feature so a retried activity finds
 * its own reservation), committed after the call succeeded and released when it failed. When the month's
 * quota is spent, reservations left behind by crashed workers are expired and the reservation tried once more.
 */
export async function meteredCall<T>(
  d: Pick<ActivityDeps, 'hostedQuotas' | 'clock' | 'ingestion'>,
  payer: KeyPayer,
  m: Metering,
  call: () => Promise<T>,
): Promise<MeteredOutcome<T>> {
  if (payer === 'org') return { ok: true, value: await call() };
  const key = `${m.itemKey}:${m.feature}`;
  const request = { idempotencyKey: key, orgId: m.orgId, feature: m.feature, units: m.units, actorSlackId: m.actorSlackId, itemKey: m.itemKey, ttlMs: d.ingestion.reservationTtlMs };
  let reserved = await d.hostedQuotas.reserve({ ...request, now: d.clock() });
  if (!reserved.granted && (await d.hostedQuotas.expireStale(d.clock())) > 0) reserved = await d.hostedQuotas.reserve({ ...request, now: d.clock() });
  if (!reserved.granted) return { ok: false, limit: reserved.limit, used: reserved.used + reserved.reserved };
  let value: T;
  try {
    value = await call();
  } catch (err) {
    await d.hostedQuotas.release(key, d.clock());
    throw err;
  }
  await d.hostedQuotas.commit(key, d.clock());
  return { ok: true, value };
}
