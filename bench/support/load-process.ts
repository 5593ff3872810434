// The load generator, in a process of its own (forked by a benchmark), so building, sending and timing
// requests never shares a CPU queue slot or an event loop with the server under test. It runs a closed loop:
// `concurrency` requests in flight until every prepared request has been sent.
import { performance } from 'node:perf_hooks';

interface Job {
  url: string;
  requests: Array<{ body: string; headers: Record<string, string> }>;
  concurrency: number;
  timeoutMs: number;
}

export interface LoadResult {
  latenciesMs: number[];
  statuses: number[];
  errors: string[];
  wallMs: number;
  sample: string;
}

process.on('message', async (job: Job) => {
  const latenciesMs: number[] = [];
  const statuses: number[] = [];
  const errors: string[] = [];
  let sample = '';
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (;;) {
      const i = next++;
      const r = job.requests[i];
      if (!r) return;
      const t = performance.now();
      try {
        const res = await fetch(job.url, { method: 'POST', headers: r.headers, body: r.body, signal: AbortSignal.timeout(job.timeoutMs) });
        const text = await res.text();
        latenciesMs.push(performance.now() - t);
        statuses.push(res.status);
        if (i === 0) sample = text.slice(0, 500);
      } catch (err) {
        latenciesMs.push(performance.now() - t);
        statuses.push(0);
        errors.push(String((err as Error).message ?? err));
      }
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  const result: LoadResult = { latenciesMs, statuses, errors, wallMs: performance.now() - started, sample };
  process.send!(result);
});
