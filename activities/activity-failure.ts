import { ApplicationFailure } from '@temporalio/activity';
import { PERMANENT_ERROR_CODES } from '../lib/contracts';
import { isWardenError, type ErrorCode } from '../lib/errors';

const PERMANENT: ReadonlySet<ErrorCode> = new Set(PERMANENT_ERROR_CODES);

/**
 * Turns expected errors into Temporal failures typed by their stable code. Permanent ones are
 * non-retryable; transient ones keep Temporal's retry policy (with the provider's wait hint).
 */
export function toActivityFailure(err: unknown): unknown {
  if (!isWardenError(err)) return err;
  // The code decides, unless the thrower knew better (Slack: a refusal is final, a rate limit is not).
  const retryable = typeof err.details.retryable === 'boolean' ? err.details.retryable : !PERMANENT.has(err.code);
  const retryAfter = typeof err.details.retryAfterSeconds === 'number' ? err.details.retryAfterSeconds : undefined;
  return ApplicationFailure.create({
    message: err.message,
    type: err.code,
    nonRetryable: !retryable,
    nextRetryDelay: retryable && retryAfter ? `${retryAfter}s` : undefined,
  });
}

/** Wraps every function of an activity object so expected errors leave as typed failures. */
export function withActivityFailures<T extends Record<string, (...args: never[]) => Promise<unknown>>>(activities: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities)) {
    wrapped[name] = async (...args: never[]) => {
      try {
        return await fn(...args);
      } catch (err) {
        throw toActivityFailure(err);
      }
    };
  }
  return wrapped as T;
}
