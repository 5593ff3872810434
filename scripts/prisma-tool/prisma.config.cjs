// Config for the Prisma 6.19 CLI in the tool folder (scripts/prisma-migration-diff.sh copies it there,
// so `prisma/config` and `@prisma/adapter-pg` resolve to 6.19, not to the project's Prisma 7).
//
// Why 6.19 and these settings: `prisma migrate diff` needs a schema engine. The Rust binary cannot be
// downloaded on our machines, but 6.19 ships the engine as wasm and uses it when the config selects the
// JavaScript engine (`engine: 'js'`, behind `experimental.adapter`). That engine insists on a driver
// adapter; diffing two datamodels only asks the server for its version, so any reachable PostgreSQL does.
const { defineConfig } = require('prisma/config');
const { PrismaPg } = require('@prisma/adapter-pg');

const connectionString = process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/test';

module.exports = defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  // A short idle timeout: otherwise pg's pool keeps the CLI alive for its default 10 s after the diff.
  adapter: async () => new PrismaPg({ connectionString, idleTimeoutMillis: 50 }),
});
