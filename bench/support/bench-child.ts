import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { ChildJob } from './audit-bench-child';

const ROOT = path.resolve(__dirname, '../..');
const ENTRY = 'bench/support/audit-bench-child.ts';

export interface BenchChild {
  /** Sends one job and resolves with the child's answer. One job at a time per child. */
  run<T>(job: ChildJob): Promise<T>;
  stop(): Promise<void>;
}

/** Starts bench/support/audit-bench-child.ts under tsx against `databaseUrl` and waits until it is connected. */
export async function startBenchChild(databaseUrl: string): Promise<BenchChild> {
  const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), [ENTRY], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const waiting: Array<{ resolve(line: string): void; reject(err: Error): void }> = [];
  let exited: Error | undefined;
  lines.on('line', (line) => {
    if (line === 'ready' || line.startsWith('result ')) waiting.shift()?.resolve(line);
  });
  child.once('exit', (code, signal) => {
    exited = new Error(`benchmark child exited (code ${code}, signal ${signal})`);
    for (const w of waiting.splice(0)) w.reject(exited);
  });
  const next = () =>
    new Promise<string>((resolve, reject) => {
      if (exited) return reject(exited);
      waiting.push({ resolve, reject });
    });
  await next();
  return {
    async run<T>(job: ChildJob): Promise<T> {
      const answer = next();
      child.stdin!.write(`${JSON.stringify(job)}\n`);
      return JSON.parse((await answer).slice('result '.length)) as T;
    },
    async stop() {
      if (exited) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.stdin!.end();
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(killer);
    },
  };
}
