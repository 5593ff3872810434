import { z } from 'zod';
import { duration } from './env-types';

// Key API abuse limits, kept apart from env-schema.ts so that file only spreads them in.

export const keyApiEnvSchema = {
  /** Requests per second each client address may make, sustained (any route: keys, evidence, codec). */
  KEY_API_RATE_LIMIT: z.coerce.number().positive('must be a positive number of requests per second').max(100_000).default(20),
  /** Requests a client address may make at once before the per-second rate applies. */
  KEY_API_RATE_BURST: z.coerce.number().int('must be a whole number of requests').min(1).max(100_000).default(40),
  /** Refused calls per client address per window written to the audit log one by one; the rest are counted. */
  KEY_API_REFUSALS_AUDITED: z.coerce.number().int('must be a whole number').min(0).max(1000).default(5),
  /** The window over which refused calls beyond KEY_API_REFUSALS_AUDITED become one audit event per address. */
  KEY_API_REFUSAL_WINDOW: duration('1m').refine((ms) => ms >= 1_000, 'must be at least 1s'),
};

type KeyApiEnv = z.output<z.ZodObject<typeof keyApiEnvSchema>>;

export interface KeyApiLimits {
  rateLimit: { perSecond: number; burst: number };
  refusalAudit: { individuallyPerWindow: number; windowMs: number };
}

export function keyApiLimits(e: KeyApiEnv): KeyApiLimits {
  return {
    rateLimit: { perSecond: e.KEY_API_RATE_LIMIT, burst: e.KEY_API_RATE_BURST },
    refusalAudit: { individuallyPerWindow: e.KEY_API_REFUSALS_AUDITED, windowMs: e.KEY_API_REFUSAL_WINDOW },
  };
}
