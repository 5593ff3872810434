#!/usr/bin/env bash
# Installs what is missing: npm dependencies, the generated Prisma client, the pinned Temporal CLI.
# Safe to run again: each step is skipped when it is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

stamp=node_modules/.warden-install-stamp
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  echo "Installing npm dependencies…" >&2
  # `npm install` honours package-lock.json. Not `npm ci`: npm 11 drops other platforms' optional
  # packages (@swc/core-darwin-*, …) from the lock it writes, and `npm ci` then calls the lock stale.
  npm install --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi

generated=lib/db/generated/client.ts
if [ ! -f "$generated" ] || [ prisma/schema.prisma -nt "$generated" ]; then
  echo "Generating the Prisma client…" >&2
  # generate needs no engine; the stub stops the CLI from trying to download one (no internet here).
  PRISMA_SCHEMA_ENGINE_BINARY="$PWD/scripts/prisma-engine-stub.sh" CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1 \
    npx --no-install prisma generate >/dev/null
fi

bash scripts/ensure-temporal-cli.sh
