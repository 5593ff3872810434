export { ERROR_CODES, type ErrorCode } from './codes';
export { WardenError, isWardenError } from './warden-error';
