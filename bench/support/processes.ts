import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import type { LoadResult } from './load-process';

const ROOT = path.resolve(__dirname, '../..');
const TSX = ['--import', 'tsx'];

export interface PreparedRequest {
  body: string;
  headers: Record<string, string>;
}

/** The load generator process: fire `requests` at `url`, `concurrency` at a time. */
export function startLoadProcess() {
  const child = fork(path.join(__dirname, 'load-process.ts'), [], { execArgv: TSX, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return {
    run(url: string, requests: PreparedRequest[], concurrency: number, timeoutMs = 10_000): Promise<LoadResult> {
      return new Promise((resolve, reject) => {
        child.once('message', (m) => resolve(m as LoadResult));
        child.once('exit', (code) => reject(new Error(`load process exited (${code})`)));
        child.send({ url, requests, concurrency, timeoutMs });
      });
    },
    stop: () => stop(child),
  };
}

/** The bare node:http baseline in its own process. */
export async function startBareServerProcess(): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [...TSX, path.join(__dirname, 'bare-server-process.ts')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim()));
    child.once('exit', (code) => reject(new Error(`bare server exited (${code})`)));
  });
  return { url: `http://127.0.0.1:${port}/slack/events`, stop: () => stop(child) };
}

/**
 * Warden as `npm start` runs it: `runtime/main.ts` with every part (worker, bot, key API) in one node
 * process, configured only through its environment. Resolves once the bot answers on its port.
 */
export async function startWardenProcess(env: Record<string, string>, slackPort: number): Promise<{ pid: number; output(): string; stop(): Promise<void> }> {
  let output = '';
  // BENCH_WARDEN_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) profiles Warden alone.
  const extra = process.env.BENCH_WARDEN_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  // The heap cap scripts/run-warden.sh gives npm start and the Docker image.
  const heap = `--max-old-space-size=${env.WARDEN_MAX_HEAP_MB ?? process.env.WARDEN_MAX_HEAP_MB ?? 384}`;
  const child = spawn(process.execPath, [heap, ...extra, ...TSX, 'runtime/main.ts'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (d: Buffer) => {
    output += d.toString();
    if (output.length > 2_000_000) output = output.slice(-1_000_000);
  };
  // BENCH_WARDEN_LOG=<file> keeps Warden's whole log for reading afterwards.
  if (process.env.BENCH_WARDEN_LOG) {
    const file = createWriteStream(process.env.BENCH_WARDEN_LOG);
    child.stdout!.pipe(file);
  }
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Warden exited during start-up:\n${output.slice(-3000)}`);
    const up = await fetch(`http://127.0.0.1:${slackPort}/healthz`).then((r) => r.ok, () => false);
    if (up && output.includes('"msg":"Worker running"')) break;
    if (Date.now() > deadline) throw new Error(`Warden did not start in 120 s:\n${output.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { pid: child.pid!, output: () => output, stop: () => stop(child) };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}
