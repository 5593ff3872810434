import { ERROR_CODES, WardenError } from '../errors';

/**
 * A sealed secret failed authentication: tampered bytes, a damaged wrapped key, or an envelope opened
 * under another record's id. The message is the same in every case and says nothing about the content,
 * because it reaches Slack and logs.
 */
export class SealedSecretUnreadableError extends WardenError {
  constructor(details: Record<string, unknown> = {}) {
    super(
      ERROR_CODES.sealedSecretUnreadable,
      'This sealed secret could not be decrypted: it was altered, damaged, or belongs to a different record.',
      details,
    );
    this.name = 'SealedSecretUnreadableError';
  }
}
