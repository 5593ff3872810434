import { randomUUID } from 'node:crypto';
import { isWardenError } from '../../lib/errors';
import type { Logger } from '../../lib/log';

/**
 * The one place the bot turns an error into words for a person. Expected errors say what happened;
 * unexpected ones are logged with context and the person gets a reference to quote.
 */
export function failureReply(err: unknown, logger: Logger, context: Record<string, unknown>): string {
  if (isWardenError(err)) {
    logger.warn('Request refused', { ...context, code: err.code, err });
    return `:warning: ${err.message}`;
  }
  const reference = randomUUID().slice(0, 8);
  logger.error('Request failed unexpectedly', { ...context, reference, err });
  return `:x: Warden could not do that because of an internal error (reference \`${reference}\`). Nothing was changed; please try again or tell an admin.`;
}
