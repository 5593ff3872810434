import { z } from 'zod';
import { duration } from './env-types';

// Scoped API keys (issue 12), kept apart from env-schema.ts so that file only spreads them in.

export const apiKeysEnvSchema = {
  /** How long a rotated API key keeps working next to its successor before it is revoked. */
  WARDEN_API_KEY_ROTATION_OVERLAP: duration('24h').refine((ms) => ms >= 1_000, 'must be at least 1s'),
  /** How often the key API writes when API keys were last used (one batch, not a write per request). */
  WARDEN_API_KEY_LAST_USED_FLUSH: duration('30s').refine((ms) => ms >= 100, 'must be at least 100ms'),
};

type ApiKeysEnv = z.output<z.ZodObject<typeof apiKeysEnvSchema>>;

export interface ApiKeysConfig {
  rotationOverlapMs: number;
  lastUsedFlushMs: number;
}

export function apiKeysConfig(e: ApiKeysEnv): ApiKeysConfig {
  return { rotationOverlapMs: e.WARDEN_API_KEY_ROTATION_OVERLAP, lastUsedFlushMs: e.WARDEN_API_KEY_LAST_USED_FLUSH };
}
