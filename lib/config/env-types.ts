import { z } from 'zod';
import { parseDuration } from './duration';

/** A duration variable ('30s', '24h', '7d') read as milliseconds, with the reason when it is not one. */
export const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      try {
        return parseDuration(value);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    });
