import { Client } from 'pg';
import type { Logger } from '../log';

/**
 * LISTEN on a PostgreSQL channel over a connection of its own, reconnecting after a drop. A reconnect calls
 * `onNotify` too: notifications sent while the connection was down are lost, so the listener must assume
 * that something changed.
 */
export async function listenForNotifications(opts: { databaseUrl: string; channel: string; onNotify: () => void; logger: Logger; retryMs?: number }): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]*$/.test(opts.channel)) throw new Error(`not a channel name: ${opts.channel}`);
  let client: Client | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;

  async function connect(): Promise<void> {
    const c = new Client({ connectionString: opts.databaseUrl });
    c.on('notification', () => opts.onNotify());
    c.on('error', (err) => {
      opts.logger.warn('Notification connection lost; reconnecting', { channel: opts.channel, err });
      void c.end().catch(() => undefined);
      if (client === c) client = null;
      schedule();
    });
    await c.connect();
    await c.query(`LISTEN ${opts.channel}`);
    client = c;
  }

  function schedule(): void {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = null;
      connect()
        .then(() => opts.onNotify())
        .catch((err: unknown) => {
          opts.logger.warn('Could not listen for notifications; retrying', { channel: opts.channel, err });
          schedule();
        });
    }, opts.retryMs ?? 2_000);
    timer.unref();
  }

  await connect();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await client?.end().catch(() => undefined);
    client = null;
  };
}
