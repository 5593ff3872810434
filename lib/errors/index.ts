export { ERROR_CODES, type ErrorCode } from '../contracts/error-codes';
export { WardenError, isWardenError } from './warden-error';
export { KeyAlreadyAddedError, type KeyInPlay } from './key-already-added-error';
export { StoredKeyRefusedError, type StoredKeyRefusal } from './stored-key-refused-error';
