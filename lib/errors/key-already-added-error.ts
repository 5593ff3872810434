import { PROVIDER_LABELS, type KeyEnvironment, type KeyStatus, type Provider } from '../contracts/providers';
import { ERROR_CODES } from '../contracts/error-codes';
import { WardenError } from './warden-error';

/** The stored key an add collided with, as it is safe to show: masked, never the key. */
export interface KeyInPlay {
  id: string;
  provider: Provider;
  environment: KeyEnvironment;
  status: KeyStatus;
  maskedKey: string;
}

/**
 * The key being added is one Warden already holds in that slot. Adding it again would make a second row
 * active while its own copy retires and is later shown revoked, so the add is refused and nothing changes.
 */
export class KeyAlreadyAddedError extends WardenError {
  constructor(existing: KeyInPlay) {
    super(ERROR_CODES.keyAlreadyAdded, messageFor(existing), { existingKeyId: existing.id, existingStatus: existing.status });
    this.name = 'KeyAlreadyAddedError';
  }
}

function messageFor(k: KeyInPlay): string {
  const slot = `${PROVIDER_LABELS[k.provider]} ${k.environment}`;
  const masked = `(${k.maskedKey})`;
  switch (k.status) {
    case 'active':
      return `This key is already the active ${slot} key ${masked}.`;
    case 'retiring':
      return `This key is the ${slot} key being retired ${masked}; add a new key from the provider's console instead.`;
    case 'pending':
      return `This key is already being added as the ${slot} key ${masked}; wait for that to finish.`;
    case 'compromised':
      return `This key is the ${slot} key marked compromised after a leak ${masked}; it must not be used again. Create a new key at the provider.`;
    default:
      return `This key is already a ${k.status} ${slot} key ${masked}.`;
  }
}
