#!/usr/bin/env bash
# `npm test`: every test — unit, database, workflow (real Temporal dev server) and end-to-end.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
[ -n "${DATABASE_URL:-}" ] || bash scripts/ensure-postgres.sh
npx --no-install tsc --noEmit -p tsconfig.json
npx --no-install eslint --max-warnings=0 .
npx --no-install jest --ci "$@"
