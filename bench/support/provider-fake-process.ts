// The provider fake in a process of its own (forked with IPC by bench/support/provider-fake.ts): every key is
// valid, every answer takes BENCH_PROVIDER_LATENCY_MS, and it counts the most requests in flight per provider.
import { startFakeProviderServer } from '../../test/fakes/provider-server';

async function main() {
  const latencyMs = Number(process.env.BENCH_PROVIDER_LATENCY_MS ?? 50);
  const fake = await startFakeProviderServer({ latencyMs, defaultBehaviour: { kind: 'valid' }, noCallLog: true });
  process.on('message', (m: { ask: 'maxInFlight' | 'reset' }) => {
    if (m.ask === 'reset') fake.resetMaxInFlight();
    process.send!({ maxInFlight: fake.maxInFlight() });
  });
  process.on('disconnect', () => void fake.close().then(() => process.exit(0)));
  process.send!({ endpoints: fake.endpoints });
}

void main();
