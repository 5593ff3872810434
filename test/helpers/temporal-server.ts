import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { temporalCliPath } from '../../lib/temporal/cli-path';
import { freePort } from './free-port';

/**
 * The real Temporal dev server on a database file, as `npm start` runs it, that a test can stop and start
 * again on the same port and the same history: the fault "the Temporal server went away" for real.
 */
export interface RestartableTemporal {
  address: string;
  /** SIGKILL the server (no graceful shutdown) and wait until its port is closed. */
  kill(): Promise<void>;
  /** Start it again on the same port and database file; resolves once the frontend accepts connections. */
  start(): Promise<void>;
  isRunning(): boolean;
  teardown(): Promise<void>;
}

export async function startRestartableTemporal(): Promise<RestartableTemporal> {
  const cli = temporalCliPath();
  if (!cli) throw new Error('The Temporal CLI is not built: run bash scripts/ensure-temporal-cli.sh');
  const dir = mkdtempSync(join(tmpdir(), 'warden-temporal-'));
  const port = await freePort();
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  async function start(): Promise<void> {
    child = spawn(cli!, ['server', 'start-dev', '--headless', '--db-filename', join(dir, 'temporal.db'), '--port', String(port), '--log-level', 'error'], {
      // The server's own error log would bury the test output; its exit and the port are what the tests watch.
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    const proc = child;
    exited = new Promise((resolve) => proc.once('exit', () => resolve()));
    await waitFor(() => portOpen(port), 60_000, 'the Temporal dev server to accept connections');
  }

  async function kill(): Promise<void> {
    if (!child) return;
    child.kill('SIGKILL');
    await exited;
    child = null;
    await waitFor(async () => !(await portOpen(port)), 10_000, 'the Temporal port to close');
  }

  await start();
  return {
    address: `127.0.0.1:${port}`,
    kill,
    start,
    isRunning: () => child !== null,
    async teardown() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}


function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
