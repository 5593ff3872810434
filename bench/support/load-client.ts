import { Worker } from 'node:worker_threads';

export interface PreparedRequest {
  body: string;
  headers: Record<string, string>;
}

export interface RequestOutcome {
  ms: number;
  status: number;
  /** The response body, kept only for the first request of a batch so the caller can check what came back. */
  sample?: string;
  error?: string;
}

// The load generator runs on its own thread, so building, sending and timing 100 requests does not sit on
// the event loop of the server under test (Warden and the bare server both run in the main thread).
// Plain JavaScript, evaluated as is: a worker thread does not inherit tsx's TypeScript loader.
const CLIENT_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
parentPort.on('message', async ({ url, requests, timeoutMs }) => {
  const outcomes = await Promise.all(requests.map(async (r, i) => {
    const started = performance.now();
    try {
      const res = await fetch(url, { method: 'POST', headers: r.headers, body: r.body, signal: AbortSignal.timeout(timeoutMs) });
      const text = await res.text();
      return { ms: performance.now() - started, status: res.status, ...(i === 0 ? { sample: text } : {}) };
    } catch (err) {
      return { ms: performance.now() - started, status: 0, error: String(err && err.message || err) };
    }
  }));
  parentPort.postMessage(outcomes);
});
`;

/** A load generator thread that fires a batch of POSTs at once and reports each one's latency. */
export function startLoadClient() {
  const worker = new Worker(CLIENT_SOURCE, { eval: true });
  worker.unref();
  return {
    /** Sends every request concurrently; each is abandoned after `timeoutMs` (status 0). */
    fire(url: string, requests: PreparedRequest[], timeoutMs = 10_000): Promise<RequestOutcome[]> {
      return new Promise((resolve, reject) => {
        const onError = (err: Error) => reject(err);
        worker.once('error', onError);
        worker.once('message', (outcomes: RequestOutcome[]) => {
          worker.off('error', onError);
          resolve(outcomes);
        });
        worker.postMessage({ url, requests, timeoutMs });
      });
    },
    async close(): Promise<void> {
      await worker.terminate();
    },
  };
}
