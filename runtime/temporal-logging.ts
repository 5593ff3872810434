import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';
import type { Logger, LogLevel } from '../lib/log';

const LEVEL: Record<string, LogLevel> = { TRACE: 'debug', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };

/**
 * Sends the Temporal SDK's own logs (worker lifecycle, workflow and activity logs, failures) through
 * Warden's logger, so they are JSON lines with secrets masked like everything else. Once per process.
 */
export function routeTemporalLogs(logger: Logger, level: LogLevel): void {
  const sdkLevel = level === 'debug' ? 'DEBUG' : level === 'info' ? 'INFO' : level === 'warn' ? 'WARN' : 'ERROR';
  Runtime.install({
    logger: new DefaultLogger(sdkLevel, (entry: LogEntry) => {
      logger[LEVEL[entry.level] ?? 'info'](entry.message, { component: 'temporal', ...(entry.meta ?? {}) });
    }),
  });
}
