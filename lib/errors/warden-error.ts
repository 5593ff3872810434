import type { ErrorCode } from '../contracts/error-codes';

/**
 * An expected failure with a stable code. The message is shown to people as-is, so it must be
 * plain language and must never contain a secret.
 */
export class WardenError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'WardenError';
  }
}

export function isWardenError(err: unknown): err is WardenError {
  return err instanceof WardenError;
}
