import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const PROBE = path.join(__dirname, 'memory-probe.cjs');

export interface MemoryPeaks {
  peakRssMb: number;
  peakHeapMb: number;
  samples: number;
}

export interface NpmStartedWarden {
  /** The process group `npm start` made (bash → npx → tsx → node runtime/main.ts). */
  pid: number;
  output(): string;
  /** Peak RSS and heap of the node process running runtime/main.ts between two wall-clock times. */
  memoryBetween(fromMs: number, toMs: number): MemoryPeaks;
  stop(): Promise<void>;
}

/**
 * Warden exactly as `npm start` runs it: `bash scripts/start.sh` (setup check, migrations, node flags of the
 * start script, every part in one process), configured only through its environment. A preloaded probe
 * (bench/support/memory-probe.cjs) samples the Warden process's memory every 100 ms into a file this side reads.
 * Resolves once the bot answers on `slackPort` and the worker runs.
 */
export async function startWardenAsNpmStart(env: Record<string, string>, slackPort: number): Promise<NpmStartedWarden> {
  const samplesFile = path.join(tmpdir(), `warden-memory-${process.pid}-${Date.now()}.txt`);
  let output = '';
  const child = spawn('bash', ['scripts/start.sh'], {
    cwd: ROOT,
    // Its own process group, so stopping it reaches npx's and tsx's children too.
    detached: true,
    env: { ...process.env, ...env, BENCH_MEMORY_SAMPLES: samplesFile, NODE_OPTIONS: `--require ${PROBE} ${process.env.NODE_OPTIONS ?? ''}`.trim() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (d: Buffer) => {
    output += d.toString();
    if (output.length > 2_000_000) output = output.slice(-1_000_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const pid = child.pid!;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-pid, 'SIGTERM');
      const timer = setTimeout(() => process.kill(-pid, 'SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(samplesFile, { force: true });
  };

  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Warden exited during start-up:\n${output.slice(-3000)}`);
    const up = await fetch(`http://127.0.0.1:${slackPort}/healthz`).then((r) => r.ok, () => false);
    if (up && output.includes('"msg":"Worker running"')) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Warden did not start in 180 s:\n${output.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    pid,
    output: () => output,
    memoryBetween(fromMs, toMs) {
      let rss = 0;
      let heap = 0;
      let samples = 0;
      for (const line of readFileSync(samplesFile, 'utf8').split('\n')) {
        const [at, r, h] = line.split(' ').map(Number);
        if (!at || at < fromMs || at > toMs) continue;
        samples += 1;
        rss = Math.max(rss, r ?? 0);
        heap = Math.max(heap, h ?? 0);
      }
      return { peakRssMb: rss / 2 ** 20, peakHeapMb: heap / 2 ** 20, samples };
    },
    stop,
  };
}
