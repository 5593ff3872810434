import { ensureTemplateDatabase } from '../../test/helpers/database';
import { startTestStack, type TestStack } from '../../test/helpers/warden-stack';

type StackParts = { worker?: boolean; bot?: boolean; api?: boolean };

/**
 * Runs one benchmark with a hard time limit, and always stops what it started: the Temporal dev server
 * is a child process and the database a real one, so an interrupted run must not leave them behind.
 */
export async function runBench(opts: { name: string; limitMs: number; parts: StackParts; run: (stack: TestStack) => Promise<void> }): Promise<void> {
  const cleanups: Array<() => Promise<void>> = [];
  let stopping: Promise<void> | undefined;
  const cleanUp = () =>
    (stopping ??= (async () => {
      for (const fn of cleanups.reverse()) await fn().catch((err: unknown) => console.error(`[${opts.name}] clean-up failed:`, err));
    })());

  const abort = async (why: string, code: number) => {
    console.error(`[${opts.name}] ${why}; stopping the stack`);
    // Give clean-up a bounded time of its own, then leave regardless.
    setTimeout(() => process.exit(code), 30_000).unref();
    await cleanUp();
    process.exit(code);
  };
  const limit = setTimeout(() => void abort(`exceeded its ${opts.limitMs / 1000} s limit`, 2), opts.limitMs);
  const onSignal = (signal: NodeJS.Signals) => void abort(`got ${signal}`, 130);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    // The Jest global setup normally builds the migrated template database; outside Jest, build it here.
    await ensureTemplateDatabase();
    const stack = await startTestStack({ parts: opts.parts });
    cleanups.push(() => stack.stop());
    await opts.run(stack);
  } finally {
    clearTimeout(limit);
    await cleanUp();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Log lines at warn or error, counted by message: what Warden complained about during the run. */
export function complaints(logLines: readonly string[]): Array<{ level: string; msg: string; count: number }> {
  const counts = new Map<string, { level: string; msg: string; count: number }>();
  for (const line of logLines) {
    let entry: { level?: unknown; msg?: unknown; message?: unknown };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue;
    }
    const level = String(entry.level ?? '');
    if (level !== 'warn' && level !== 'error') continue;
    const msg = String(entry.msg ?? entry.message ?? '?');
    const key = `${level}\0${msg}`;
    const seen = counts.get(key) ?? { level, msg, count: 0 };
    seen.count += 1;
    counts.set(key, seen);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count);
}

export function printComplaints(name: string, logLines: readonly string[]): void {
  const found = complaints(logLines);
  if (found.length === 0) {
    console.log(`\nWarden logged no warnings or errors during ${name}.`);
    return;
  }
  console.log(`\nWarden's warnings and errors during ${name}:`);
  for (const c of found) console.log(`  ${c.level.padEnd(5)} x${c.count}  ${c.msg}`);
}

/**
 * Runs a benchmark's `main` that starts its own processes and stops them in its own `finally`: a failure sets
 * the exit code, and a run past `limitMs` exits hard (the child processes see their parent go).
 */
export function runWithLimit(name: string, limitMs: number, main: () => Promise<void>): void {
  const limit = setTimeout(() => {
    console.error(`${name}: exceeded its ${limitMs / 60_000} minute limit`);
    process.exit(2);
  }, limitMs);
  main()
    .catch((err: unknown) => {
      console.error(`${name} failed:`, err);
      process.exitCode = 1;
    })
    .finally(() => clearTimeout(limit));
}
