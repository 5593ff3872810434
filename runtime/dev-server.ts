import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { Logger } from '../lib/log';
import { temporalCliPath } from '../lib/temporal/cli-path';

export interface DevServer {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts the pinned Temporal dev server (with its Web UI) for `npm start` when no TEMPORAL_ADDRESS is
 * given. History lives in a SQLite file under the data folder, so workflows survive a restart.
 */
export async function startDevServer(opts: { dataDir: string; port?: number; uiPort?: number; logger: Logger }): Promise<DevServer> {
  const cli = temporalCliPath();
  if (!cli) throw new Error('The Temporal CLI is not built yet: run `bash scripts/ensure-temporal-cli.sh` (npm start does this).');
  const port = opts.port ?? 7233;
  const uiPort = opts.uiPort ?? 8233;
  mkdirSync(opts.dataDir, { recursive: true });
  const child: ChildProcess = spawn(
    cli,
    ['server', 'start-dev', '--db-filename', join(opts.dataDir, 'temporal.db'), '--port', String(port), '--ui-port', String(uiPort), '--log-level', 'warn'],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await waitForPort(port, 60_000, exited);
  opts.logger.info('Temporal dev server running', { address: `127.0.0.1:${port}`, ui: `http://localhost:${uiPort}` });
  return {
    address: `127.0.0.1:${port}`,
    uiUrl: `http://localhost:${uiPort}`,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function waitForPort(port: number, timeoutMs: number, exited: Promise<number | null>): Promise<void> {
  let stopped = false;
  void exited.then(() => (stopped = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopped) throw new Error('The Temporal dev server exited during start-up (is port 7233 taken?).');
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => (socket.end(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The Temporal dev server did not open port ${port} within ${timeoutMs / 1000} s.`);
}
