export { createLogger, type LogLevel, type Logger, type LoggerOptions } from './logger';
export { redactDeep, redactSecrets } from './redact';
