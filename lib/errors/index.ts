export { ERROR_CODES, type ErrorCode } from '../contracts/error-codes';
export { WardenError, isWardenError } from './warden-error';
