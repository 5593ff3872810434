import { fork } from 'node:child_process';
import path from 'node:path';
import type { Provider } from '../../lib/contracts';
import type { ProviderEndpoints } from '../../lib/providers';

/** Starts bench/support/provider-fake-process.ts and answers its endpoints and in-flight counts. */
export async function startProviderFakeProcess(latencyMs: number) {
  const child = fork(path.join(__dirname, 'provider-fake-process.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_PROVIDER_LATENCY_MS: String(latencyMs) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = (what: 'maxInFlight' | 'reset') =>
    new Promise<Partial<Record<Provider, number>>>((resolve) => {
      child.once('message', (m: { maxInFlight: Partial<Record<Provider, number>> }) => resolve(m.maxInFlight));
      child.send({ ask: what });
    });
  const endpoints = await new Promise<ProviderEndpoints>((resolve, reject) => {
    child.once('message', (m: { endpoints: ProviderEndpoints }) => resolve(m.endpoints));
    child.once('exit', (code) => reject(new Error(`provider fake exited (${code})`)));
  });
  return {
    endpoints,
    pid: child.pid!,
    maxInFlight: () => ask('maxInFlight'),
    reset: () => ask('reset'),
    async stop() {
      if (child.exitCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.disconnect();
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(killer);
    },
  };
}
