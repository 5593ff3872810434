import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../lib/log';

/** Bolt logs through Warden's structured, redacting logger; Bolt's debug output (request bodies) is dropped. */
export function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const text = (msgs: unknown[]) => msgs.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    debug: () => undefined,
    info: (...msgs) => logger.info(text(msgs), { component: 'bolt' }),
    warn: (...msgs) => logger.warn(text(msgs), { component: 'bolt' }),
    error: (...msgs) => logger.error(text(msgs), { component: 'bolt' }),
    setLevel: (l) => void (level = l),
    getLevel: () => level,
    setName: () => undefined,
  };
}
