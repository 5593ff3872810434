import { PROVIDER_LABELS, type KeyEnvironment, type Provider } from '../contracts/providers';
import { ERROR_CODES } from '../contracts/error-codes';
import { WardenError } from './warden-error';

export type StoredKeyRefusal = 'fingerprint' | 'binding' | 'legacy' | 'slot';

/**
 * A stored key that could not be proven to belong to its row: its secret was swapped for another row's,
 * the row's provider, environment, base URL or fingerprint were changed, a slot points at a row labelled
 * for another slot, or the row predates keyed fingerprints and has not been re-fingerprinted. The key is never used. The message names the
 * row (masked), never the key that was found in it.
 */
export class StoredKeyRefusedError extends WardenError {
  constructor(key: { id: string; provider: Provider; environment: KeyEnvironment; maskedKey: string }, reason: StoredKeyRefusal) {
    const what = `The stored ${PROVIDER_LABELS[key.provider]} ${key.environment} key (${key.maskedKey})`;
    super(
      reason === 'legacy' ? ERROR_CODES.keyFingerprintOutdated : ERROR_CODES.keySecretMismatch,
      reason === 'legacy'
        ? `${what} still has a fingerprint from before keyed fingerprints, so Warden cannot prove the key belongs to it and will not use it. ` +
            'Restart Warden (it re-fingerprints keys when it starts) or run `npm run rewrap-secrets`.'
        : `${what} does not match its sealed secret: the key's record or its secret was altered or swapped. ` +
            'Warden refused to use it and recorded the refusal in the audit log; rotate the key with `/warden keys rotate`.',
      { keyId: key.id, reason },
    );
    this.name = 'StoredKeyRefusedError';
  }
}
