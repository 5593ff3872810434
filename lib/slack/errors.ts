import { ERROR_CODES, WardenError } from '../errors';

/** Why a request claiming to come from Slack was refused; returned to the caller as `reason`. */
export type SlackVerificationFailure =
  | 'missing_headers'
  | 'stale_timestamp'
  | 'future_timestamp'
  | 'invalid_timestamp'
  | 'bad_signature';

/**
 * A request that cannot be proven to come from Slack. Carries the stable `warden_unauthorized` code so
 * the receiver maps every reason to one 401 in one place; the message never contains the body or the
 * signature, so it is safe to log.
 */
export class SlackRequestVerificationError extends WardenError {
  constructor(
    readonly reason: SlackVerificationFailure,
    message: string,
  ) {
    super(ERROR_CODES.unauthorized, message, { reason });
    this.name = 'SlackRequestVerificationError';
  }
}
