import { createProviderPacer } from '../../../../activities/health/provider-pacer';

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

test('never more calls in flight per provider than the cap; providers do not share it', async () => {
  const pacer = createProviderPacer({ concurrency: 3 });
  const inFlight = { openai: 0, anthropic: 0 };
  const most = { openai: 0, anthropic: 0 };
  const call = (p: 'openai' | 'anthropic') =>
    pacer.run(p, async () => {
      most[p] = Math.max(most[p], ++inFlight[p]);
      await wait(20);
      inFlight[p] -= 1;
    });
  await Promise.all([...Array.from({ length: 12 }, () => call('openai')), ...Array.from({ length: 7 }, () => call('anthropic'))]);
  expect(most).toEqual({ openai: 3, anthropic: 3 });
  expect(pacer.inFlight()).toEqual({ openai: 0, anthropic: 0 });
});

test('a pause holds back new calls to that provider only, then they go on', async () => {
  const pacer = createProviderPacer({ concurrency: 2 });
  const started: Array<{ p: string; at: number }> = [];
  const t0 = Date.now();
  const call = (p: 'openai' | 'gemini') => pacer.run(p, async () => void started.push({ p, at: Date.now() - t0 }));
  pacer.pause('openai', 300);
  await Promise.all([call('openai'), call('gemini'), call('openai')]);
  expect(started.find((s) => s.p === 'gemini')!.at).toBeLessThan(100);
  for (const s of started.filter((x) => x.p === 'openai')) expect(s.at).toBeGreaterThanOrEqual(290);
});

test('a failing call frees its slot', async () => {
  const pacer = createProviderPacer({ concurrency: 1 });
  await expect(pacer.run('openai', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  await expect(pacer.run('openai', async () => 'next')).resolves.toBe('next');
});
