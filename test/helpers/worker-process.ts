import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { TestStack } from './warden-stack';

const ROOT = path.resolve(__dirname, '../..');

/** The real `npm start` entry running only the worker, in its own process, so a test can SIGKILL it. */
export function startWorkerProcess(stack: TestStack): { child: ChildProcess; output: () => string; ready: Promise<void> } {
  let output = '';
  const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['runtime/main.ts', '--parts=worker'], {
    cwd: ROOT,
    env: { ...process.env, ...stack.env, TEMPORAL_ADDRESS: stack.temporal.address, LOG_LEVEL: 'debug' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('"msg":"Worker running"')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`worker process exited early (code ${code}):\n${output}`)));
    setTimeout(() => reject(new Error(`worker process not ready after 60 s:\n${output}`)), 60_000).unref();
  });
  return { child, output: () => output, ready };
}

export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}
