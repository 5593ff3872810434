import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { TestStack } from './warden-stack';

const ROOT = path.resolve(__dirname, '../..');

export interface WorkerProcess {
  child: ChildProcess;
  /** The pid of the node process that runs the worker itself (no wrapper process in between). */
  pid: number;
  output(): string;
  ready: Promise<void>;
}

/**
 * The real `npm start` entry running only the worker, in its own process, so a test can SIGKILL it. Node
 * runs the TypeScript through tsx's loader (`--import tsx`) instead of the tsx CLI: the CLI is a wrapper
 * that spawns node as a grandchild, and killing the wrapper would leave the worker running as an orphan.
 */
export function startWorkerProcess(stack: TestStack, extraEnv: Record<string, string> = {}): WorkerProcess {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'runtime/main.ts', '--parts=worker'], {
    cwd: ROOT,
    env: { ...process.env, ...stack.env, TEMPORAL_ADDRESS: stack.temporal.address, LOG_LEVEL: 'debug', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('"msg":"Worker running"')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`worker process exited early (code ${code}, signal ${signal}):\n${output.slice(-4000)}`)));
    setTimeout(() => reject(new Error(`worker process not ready after 90 s:\n${output.slice(-4000)}`)), 90_000).unref();
  });
  ready.catch(() => undefined);
  return { child, pid: child.pid!, output: () => output, ready };
}

/** Whether a process with this pid exists (signal 0 checks without touching it). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGKILL, then proof that the worker's own process is gone (not a wrapper around it). */
export async function killHard(worker: WorkerProcess): Promise<void> {
  const { child, pid } = worker;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
  if (processAlive(pid)) throw new Error(`worker process ${pid} is still alive after SIGKILL`);
}

/** The worker processes one test file starts, one after another; `stopAll` (in afterAll) kills those still alive. */
export function workerFleet(stack: () => TestStack) {
  const started: WorkerProcess[] = [];
  return {
    async start(): Promise<WorkerProcess> {
      const w = startWorkerProcess(stack());
      started.push(w);
      await w.ready;
      return w;
    },
    async stopAll(): Promise<void> {
      for (const w of started) await killHard(w).catch(() => undefined);
    },
  };
}
