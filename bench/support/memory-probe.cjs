/* global require, process, setInterval */
// Preloaded into Warden (NODE_OPTIONS=--require …) by benchmarks that report its memory: every 100 ms it
// appends "<epoch ms> <rss bytes> <heapUsed bytes>" to BENCH_MEMORY_SAMPLES. npm start runs Warden through
// npx and tsx, which are node processes too: only the one running runtime/main.ts samples.
const file = process.env.BENCH_MEMORY_SAMPLES;
if (file && /runtime[\\/]main\.ts$/.test(process.argv[1] ?? '')) {
  const fs = require('node:fs');
  const fd = fs.openSync(file, 'a');
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    fs.writeSync(fd, `${Date.now()} ${m.rss} ${m.heapUsed} ${m.heapTotal} ${m.external}\n`);
  }, 100);
  timer.unref();
}
